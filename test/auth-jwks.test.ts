// External identity: tokens signed by a provider whose JWKS is served from this test (a locally generated key
// pair), intercepting the Worker's outbound fetch of JWKS_URL.
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { app } from "../worker/app";
import { api, signUp, uniqueEmail } from "./helpers/auth";

const JWKS_URL = env.JWKS_URL ?? "";
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let rsa: KeyPair;
let ec: KeyPair;
let stranger: KeyPair;
let jwksFetches = 0;

beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([
    generateKeyPair("RS256", { extractable: true }),
    generateKeyPair("ES256", { extractable: true }),
    generateKeyPair("RS256", { extractable: true }),
  ]);
  const keys: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
    { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
  ];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== JWKS_URL) return realFetch(input, init);
    jwksFetches++;
    return Response.json({ keys });
  });
});
afterAll(() => {
  vi.restoreAllMocks();
});

const providerToken = (claims: Record<string, unknown> = {}, kid = "rsa-1", alg = "RS256") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setIssuer(env.JWKS_ISSUER ?? "")
    .setAudience(env.JWKS_AUDIENCE ?? "")
    .setIssuedAt()
    .setExpirationTime("1h");

describe("external identity (JWKS)", () => {
  it("accepts an RS256 provider token, creating the user from sub and email on first sight", async () => {
    const subject = `supabase|${crypto.randomUUID()}`;
    const email = uniqueEmail();
    const token = await providerToken({ email: email.toUpperCase() }).setSubject(subject).sign(rsa.privateKey);
    const first = await api("/auth/me", { token });
    expect(first.status).toBe(200);
    const user = (await first.json()) as { id: string; email: string };
    expect(user.email).toBe(email);
    expect(jwksFetches).toBeGreaterThan(0);

    // Same subject, same user (and no second row).
    const again = await api("/auth/me", { token });
    expect(await again.json()).toEqual(user);
    const rows = await env.DB.prepare("SELECT id FROM users WHERE external_subject = ?").bind(subject).all();
    expect(rows.results).toEqual([{ id: user.id }]);
  });

  it("accepts ES256 too", async () => {
    const token = await providerToken({}, "ec-1", "ES256").setSubject(crypto.randomUUID()).sign(ec.privateKey);
    expect((await api("/auth/me", { token })).status).toBe(200);
  });

  it("never links to an existing password account by email", async () => {
    const local = await signUp();
    const token = await providerToken({ email: local.user.email }).setSubject(crypto.randomUUID()).sign(rsa.privateKey);
    const res = await api("/auth/me", { token });
    expect(res.status).toBe(200);
    const external = (await res.json()) as { id: string; email: string };
    expect(external.id).not.toBe(local.user.id);
    expect(external.email).not.toBe(local.user.email);
  });

  it("rejects a token signed by a key not in the JWKS, a wrong issuer, a wrong audience and an expired token", async () => {
    const sub = crypto.randomUUID();
    const forged = await providerToken().setSubject(sub).sign(stranger.privateKey);
    const wrongIssuer = await providerToken().setSubject(sub).setIssuer("https://evil.example/").sign(rsa.privateKey);
    const wrongAudience = await providerToken().setSubject(sub).setAudience("someone-else").sign(rsa.privateKey);
    const expired = await providerToken()
      .setSubject(sub)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(rsa.privateKey);
    for (const token of [forged, wrongIssuer, wrongAudience, expired]) {
      const res = await api("/auth/me", { token });
      expect(res.status).toBe(401);
    }
    const users = await env.DB.prepare("SELECT id FROM users WHERE external_subject = ?").bind(sub).all();
    expect(users.results).toEqual([]);
  });

  it("refuses an HS256 token signed with the provider's public key (algorithm confusion)", async () => {
    const publicJwk = await exportJWK(rsa.publicKey);
    const confused = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(crypto.randomUUID())
      .setIssuer(env.JWKS_ISSUER ?? "")
      .setAudience(env.JWKS_AUDIENCE ?? "")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect((await api("/auth/me", { token: confused })).status).toBe(401);
  });

  it("refuses every provider token when JWKS_URL is set without JWKS_ISSUER", async () => {
    // Without an issuer, any token the provider signs for anyone (another project on the same key set) would pass.
    const subject = crypto.randomUUID();
    const token = await providerToken().setSubject(subject).sign(rsa.privateKey);
    const withoutIssuer = { ...env, JWKS_ISSUER: undefined };
    const res = await app.request("/api/v1/auth/me", { headers: { Authorization: `Bearer ${token}` } }, withoutIssuer);
    expect(res.status).toBe(401);
    const users = await env.DB.prepare("SELECT id FROM users WHERE external_subject = ?").bind(subject).all();
    expect(users.results).toEqual([]);
    // The same token is good once the issuer is configured.
    expect((await app.request("/api/v1/auth/me", { headers: { Authorization: `Bearer ${token}` } }, env)).status).toBe(
      200,
    );
  });
});

describe("external identity: email taken", () => {
  // Local signup takes any address, so someone can hold both the subject's email and its placeholder
  // address before the subject first signs in; that must not lock the subject out (it was a 500).
  it("signs the subject in when its email and its placeholder address are both taken", async () => {
    const subject = crypto.randomUUID();
    const email = uniqueEmail();
    const squatters = [await signUp(email), await signUp(`${subject}@external.invalid`)];
    const token = await providerToken({ email }).setSubject(subject).sign(rsa.privateKey);
    const res = await api("/auth/me", { token });
    expect(res.status, await res.clone().text()).toBe(200);
    const user = (await res.json()) as { id: string; email: string };
    expect(squatters.map((s) => s.user.id)).not.toContain(user.id);
    expect(user.email).toMatch(/@external\.invalid$/);
    // The same subject keeps its one user.
    expect(await (await api("/auth/me", { token })).json()).toEqual(user);
  });
});

describe("external identity: first sign-ins at once", () => {
  it("the same new subject signing in many times at once, its addresses taken, gets one user", async () => {
    const subject = crypto.randomUUID();
    const email = uniqueEmail();
    await signUp(email);
    await signUp(`${subject}@external.invalid`);
    const token = await providerToken({ email }).setSubject(subject).sign(rsa.privateKey);
    const answers = await Promise.all(Array.from({ length: 6 }, () => api("/auth/me", { token })));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    const { results } = await env.DB.prepare("SELECT id FROM users WHERE external_subject = ?").bind(subject).all();
    expect(results).toHaveLength(1);
  });

  it("a subject whose (case-folded) placeholder another subject already holds still gets its own user", async () => {
    const upper = `Sub-${crypto.randomUUID()}`;
    const lower = upper.toLowerCase();
    const first = await (
      await api("/auth/me", { token: await providerToken().setSubject(lower).sign(rsa.privateKey) })
    ).json();
    const res = await api("/auth/me", { token: await providerToken().setSubject(upper).sign(rsa.privateKey) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).not.toBe((first as { id: string }).id);
  });
});
