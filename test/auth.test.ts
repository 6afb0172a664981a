import { env } from "cloudflare:workers";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../worker/auth/password";
import { api, signUp, TEST_PASSWORD, uniqueEmail } from "./helpers/auth";

const secret = new TextEncoder().encode(env.JWT_SECRET);
const sessionToken = (userId: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .setIssuedAt();

describe("password hashing", () => {
  it("stores PBKDF2-SHA256 with 100,000 iterations and a per-hash salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsf", a)).toBe(false);
    expect(await verifyPassword("correct horse", "garbage")).toBe(false);
  });
});

describe("signup, login, me", () => {
  it("signs up (201), logs in and reads /me with the token", async () => {
    const email = uniqueEmail();
    const signup = await api("/auth/signup", { json: { email: email.toUpperCase(), password: TEST_PASSWORD } });
    expect(signup.status).toBe(201);
    const created = (await signup.json()) as { token: string; user: { id: string; email: string } };
    expect(created.user.email).toBe(email);
    expect(created.user.id).toMatch(/^[0-9a-f-]{36}$/);

    const login = await api("/auth/login", { json: { email, password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    const session = (await login.json()) as { token: string; user: { id: string; email: string } };
    expect(session.user).toEqual(created.user);

    const me = await api("/auth/me", { token: session.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(created.user);
  });

  it("never stores the password in clear", async () => {
    const { user } = await signUp();
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(user.id)
      .first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(row?.password_hash).not.toContain(TEST_PASSWORD);
  });

  it("refuses a duplicate email with 409, whatever its case", async () => {
    const { user } = await signUp();
    const again = await api("/auth/signup", { json: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("conflict");
  });

  it("lets exactly one of two concurrent signups with the same email win", async () => {
    const email = uniqueEmail();
    const both = await Promise.all([0, 1].map(() => api("/auth/signup", { json: { email, password: TEST_PASSWORD } })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).all();
    expect(rows.results).toHaveLength(1);
  });

  it("rejects a short password and a bad email with 400 and field paths", async () => {
    const res = await api("/auth/signup", { json: { email: "not-an-email", password: "short" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.details.map((d) => d.path).sort()).toEqual(["email", "password"]);
  });

  it("answers a wrong password and an unknown email with the same generic 401", async () => {
    const { user } = await signUp();
    const wrong = await api("/auth/login", { json: { email: user.email, password: "wrong-password" } });
    const unknown = await api("/auth/login", { json: { email: uniqueEmail(), password: TEST_PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.json();
    expect(a).toEqual({ error: { code: "unauthorized", message: "Wrong email or password", details: [] } });
    expect(await unknown.json()).toEqual(a);
  });
});

describe("session JWT attacks get 401", () => {
  const expect401 = async (token: string | undefined, headers?: Record<string, string>) => {
    const res = await api("/auth/me", { token, headers });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  };

  it("no credentials", async () => {
    await expect401(undefined);
  });

  it("garbled token and a non-Bearer scheme", async () => {
    await expect401("not.a.jwt");
    await expect401("abc");
    await expect401(undefined, { Authorization: "Basic dXNlcjpwYXNz" });
  });

  it("alg none", async () => {
    const { user } = await signUp();
    const unsigned = new UnsecuredJWT({})
      .setSubject(user.id)
      .setIssuer(env.JWT_ISSUER)
      .setAudience(env.JWT_AUDIENCE)
      .setExpirationTime("1h")
      .encode();
    await expect401(unsigned);
  });

  it("bad signature (other secret, or a tampered payload)", async () => {
    const { user, token } = await signUp();
    const other = await sessionToken(user.id)
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-0123456789"));
    await expect401(other);
    const [header, , signature] = token.split(".");
    const payload = btoa(JSON.stringify({ sub: crypto.randomUUID(), iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE }));
    await expect401(`${header}.${payload.replace(/=+$/, "")}.${signature}`);
  });

  it("expired", async () => {
    const { user } = await signUp();
    await expect401(
      await sessionToken(user.id)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(secret),
    );
  });

  it("wrong issuer and wrong audience", async () => {
    const { user } = await signUp();
    const base = () => new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(user.id).setExpirationTime("1h");
    await expect401(await base().setIssuer("someone-else").setAudience(env.JWT_AUDIENCE).sign(secret));
    await expect401(await base().setIssuer(env.JWT_ISSUER).setAudience("someone-else").sign(secret));
  });

  it("a correctly signed control token is accepted (the attacks above fail for their flaw alone)", async () => {
    const { user } = await signUp();
    const res = await api("/auth/me", { token: await sessionToken(user.id).setExpirationTime("1h").sign(secret) });
    expect(res.status).toBe(200);
  });
});
