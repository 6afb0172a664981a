// Session tokens issued by our own signup/login: HS256 JWTs signed with the JWT_SECRET binding.
import { jwtVerify, SignJWT } from "jose";

type SessionEnv = Pick<Env, "JWT_SECRET" | "JWT_ISSUER" | "JWT_AUDIENCE" | "JWT_TTL_SECONDS">;

const secretKey = (env: SessionEnv) => {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) {
    // Fail loudly instead of signing with an empty or guessable key.
    throw new Error("JWT_SECRET must be set to at least 32 characters");
  }
  return new TextEncoder().encode(env.JWT_SECRET);
};

/**
 * Issue a session token for a user: `sub` = user id, `iss`/`aud` from the environment, `exp` from JWT_TTL_SECONDS,
 * `gen` = the user's session generation (see session-generation.ts).
 * @example const token = await signSession(c.env, user.id, user.sessionGeneration);
 */
export async function signSession(env: SessionEnv, userId: string, generation = 0): Promise<string> {
  const ttl = Number(env.JWT_TTL_SECONDS) || 86_400;
  return new SignJWT({ gen: generation })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(secretKey(env));
}

/**
 * Verify a session token and return its user id and generation (the caller compares it with the user's). Throws (a jose error) for anything but a valid HS256 token with
 * our issuer and audience that has not expired; `alg: none` and other algorithms are refused.
 * @example const { userId } = await verifySession(c.env, token);
 */
export async function verifySession(env: SessionEnv, token: string): Promise<{ userId: string; generation: number }> {
  const { payload } = await jwtVerify(token, secretKey(env), {
    algorithms: ["HS256"],
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    requiredClaims: ["sub", "exp"],
  });
  if (!payload.sub) throw new Error("session token has no subject");
  // Tokens issued before generations existed have no `gen`: generation 0.
  const generation = typeof payload.gen === "number" && Number.isInteger(payload.gen) ? payload.gen : 0;
  return { userId: payload.sub, generation };
}
