// Account security: change password (the old one required) and sign out everywhere end every session token.
import { describe, expect, it } from "vitest";
import { api, createApiKey, signUp, TEST_PASSWORD, uniqueEmail } from "./helpers/auth";

const login = (email: string, password: string) => api("/auth/login", { json: { email, password } });

describe("sign out everywhere", () => {
  it("ends every session token of the user (other users' stay), and a new sign-in works again", async () => {
    const email = uniqueEmail();
    const first = await signUp(email);
    const second = (await (await login(email, TEST_PASSWORD)).json()) as { token: string };
    const other = await signUp();
    expect((await api("/graphs", { token: second.token })).status).toBe(200);

    const out = await api("/auth/logout-all", { token: first.token, method: "POST" });
    expect(out.status).toBe(204);
    for (const token of [first.token, second.token]) {
      const res = await api("/graphs", { token });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    expect((await api("/graphs", { token: other.token })).status).toBe(200);

    const again = (await (await login(email, TEST_PASSWORD)).json()) as { token: string };
    expect((await api("/auth/me", { token: again.token })).status).toBe(200);
    expect((await api("/graphs", { token: first.token })).status).toBe(401);
  });

  it("is refused to an API key (403): keys are for programs", async () => {
    const { token } = await signUp();
    const { key } = await createApiKey(token);
    expect((await api("/auth/logout-all", { apiKey: key, method: "POST" })).status).toBe(403);
    expect((await api("/auth/me", { token })).status).toBe(200);
  });
});

describe("change password", () => {
  it("needs the current password; then only the new one signs in and other sessions end", async () => {
    const email = uniqueEmail();
    const { token } = await signUp(email);
    const elsewhere = (await (await login(email, TEST_PASSWORD)).json()) as { token: string };

    const wrong = await api("/auth/password", {
      token,
      json: { current_password: "not-my-password", new_password: "a brand new passphrase" },
    });
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toEqual(["current_password"]);
    expect((await login(email, TEST_PASSWORD)).status).toBe(200);

    const short = await api("/auth/password", {
      token,
      json: { current_password: TEST_PASSWORD, new_password: "short" },
    });
    expect(short.status).toBe(400);

    const changed = await api("/auth/password", {
      token,
      json: { current_password: TEST_PASSWORD, new_password: "a brand new passphrase" },
    });
    expect(changed.status).toBe(200);
    const fresh = (await changed.json()) as { token: string; user: { email: string } };
    expect(fresh.user.email).toBe(email);
    expect((await api("/auth/me", { token: fresh.token })).status).toBe(200);
    expect((await api("/auth/me", { token })).status).toBe(401);
    expect((await api("/auth/me", { token: elsewhere.token })).status).toBe(401);

    expect((await login(email, TEST_PASSWORD)).status).toBe(401);
    expect((await login(email, "a brand new passphrase")).status).toBe(200);
  });

  it("refuses without a session (401) and from an API key (403)", async () => {
    const { token } = await signUp();
    const { key } = await createApiKey(token);
    const json = { current_password: TEST_PASSWORD, new_password: "a brand new passphrase" };
    expect((await api("/auth/password", { json })).status).toBe(401);
    expect((await api("/auth/password", { apiKey: key, json })).status).toBe(403);
  });
});
