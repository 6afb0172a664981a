// Account settings: change password (the old one required) and sign out everywhere, as a fresh user in this tab.
import { expect, until } from "./helpers.mjs";

export function accountScenarios({ base, password }) {
  return [
    {
      name: "settings: change password needs the old one and ends other sessions; sign out everywhere ends this one",
      async run(page) {
        const mine = await page.evaluate(() => localStorage.getItem("agentflare.session"));
        const email = `account-${Date.now()}@agentflare.test`;
        const res = await page.request.post(`${base}/api/v1/auth/signup`, { data: { email, password } });
        expect(res.status() === 201, `sign-up answered ${res.status()}`);
        const here = await res.json();
        const elsewhere = await (
          await page.request.post(`${base}/api/v1/auth/login`, { data: { email, password } })
        ).json();
        const status = async (token) =>
          (
            await page.request.get(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })
          ).status();
        try {
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), JSON.stringify(here));
          await page.goto(`${base}/settings`);
          const form = page.getByRole("form", { name: "Change password" });
          await form.getByLabel("Current password").fill("not my password");
          await form.getByLabel("New password", { exact: true }).fill("a new passphrase here");
          await form.getByLabel("Repeat new password").fill("a new passphrase here");
          await form.getByRole("button", { name: "Change password" }).click();
          await page.getByRole("alert").filter({ hasText: "not your current password" }).waitFor();
          expect((await status(elsewhere.token)) === 200, "a refused change ends nothing");

          await form.getByLabel("Current password").fill(password);
          await form.getByRole("button", { name: "Change password" }).click();
          await page.getByRole("status").filter({ hasText: "Password changed" }).waitFor();
          expect((await status(elsewhere.token)) === 401, "the other session ended");
          // This tab carries on with its fresh token.
          await page.reload();
          await page.getByRole("heading", { name: "Settings" }).waitFor();
          const fresh = await page.evaluate(() => JSON.parse(localStorage.getItem("agentflare.session")).token);
          expect(fresh !== here.token && (await status(fresh)) === 200, "this tab got a fresh session");

          page.once("dialog", (d) => d.accept());
          await page.getByRole("button", { name: "Sign out everywhere" }).click();
          await page.getByRole("heading", { name: "Sign in to Agentflare" }).waitFor();
          await until(async () => (await status(fresh)) === 401, "this session to end too");
          const login = await page.request.post(`${base}/api/v1/auth/login`, {
            data: { email, password: "a new passphrase here" },
          });
          expect(login.status() === 200, `the new password signs in: ${login.status()}`);
        } finally {
          await page.evaluate((s) => localStorage.setItem("agentflare.session", s), mine);
        }
      },
    },
  ];
}
