// Password hashing with PBKDF2-SHA256 through WebCrypto (no native deps, runs in workerd).
// Stored as "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" so the iteration count can be raised later
// while old hashes still verify.

/** workerd refuses PBKDF2 above 100,000 iterations, so this is both our floor and our ceiling. */
const ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const SCHEME = "pbkdf2-sha256";

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/**
 * Hash a password with a fresh random salt.
 * @example const stored = await hashPassword("correct horse"); // "pbkdf2-sha256$100000$...$..."
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, ITERATIONS);
  return `${SCHEME}$${ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * Check a password against a stored hash in constant time. A malformed stored value never matches.
 * @example if (!(await verifyPassword(input, user.passwordHash))) throw unauthorized();
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterationsText);
  if (scheme !== SCHEME || !saltText || !hashText || !Number.isInteger(iterations) || iterations < 1) return false;
  if (iterations > ITERATIONS) return false;
  const expected = fromBase64(hashText);
  const actual = await derive(password, fromBase64(saltText), iterations);
  return expected.byteLength === actual.byteLength && crypto.subtle.timingSafeEqual(expected, actual);
}

/**
 * A valid hash of a random password: login runs PBKDF2 against it when the email is unknown, so response
 * time does not reveal which emails have accounts.
 */
let decoy: Promise<string> | undefined;
export const decoyPasswordHash = () => {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
};
