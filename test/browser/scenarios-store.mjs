// The store in the browser: an agent published and approved (through the API, by the admin the test server
// names in ADMIN_USERS) is browsed signed out, then a user signs in from its page, adds it to the library and
// runs it, and the run page shows it COMPLETED. The suite's own session is set aside and restored.
import { expect, until } from "./helpers.mjs";

export const STORE_ADMIN = "store-admin@agentflare.test";

async function json(res, what) {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return res.json();
}

export function storeScenarios({ base, password }) {
  return [
    {
      name: "store: browse signed out, sign in from a listing, add to library, run, share the run and revoke",
      async run(page) {
        const post = (path, token, data) =>
          page.request.post(`${base}/api/v1${path}`, {
            headers: token ? { authorization: `Bearer ${token}` } : {},
            data,
          });
        const admin = await json(await post("/auth/signup", null, { email: STORE_ADMIN, password }), "admin signup");
        const word = `bird${Date.now().toString(36)}`;
        const graph = await json(
          await post("/graphs", admin.token, {
            name: "Bird echo",
            description: "",
            nodes: [
              {
                id: "a1",
                block_id: "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b",
                input_default: { name: "call" },
                metadata: { position: { x: 0, y: 0 } },
              },
              {
                id: "a2",
                block_id: "363ae599-353e-4804-937e-b2ee3cef3da4",
                input_default: { name: "echo" },
                metadata: { position: { x: 400, y: 0 } },
              },
            ],
            links: [{ source_id: "a1", sink_id: "a2", source_name: "result", sink_name: "value", is_static: false }],
          }),
          "create graph",
        );
        const slug = `bird-echo-${word}`;
        const sub = await json(
          await post("/store/submissions", admin.token, {
            graph_id: graph.id,
            graph_version: 1,
            slug,
            name: "Bird echo",
            sub_heading: "Repeats your call",
            description: `Echoes a **${word}** call back.`,
            categories: ["fun"],
          }),
          "submit",
        );
        await json(await post(`/store/submissions/${sub.id}/review`, admin.token, { status: "APPROVED" }), "approve");
        const user = await json(
          await post("/auth/signup", null, { email: `store-user-${Date.now()}@agentflare.test`, password }),
          "user signup",
        );

        const saved = await page.evaluate(() => localStorage.getItem("agentflare.session"));
        await page.evaluate(() => {
          localStorage.removeItem("agentflare.session");
          sessionStorage.removeItem("agentflare.next-owner");
        });
        try {
          await page.goto(`${base}/store`);
          await page.getByRole("heading", { name: "Store" }).waitFor();
          await page.getByLabel("Search agents").fill(word);
          await page.getByLabel("Search agents").press("Enter");
          await page.getByRole("link", { name: "Bird echo" }).click();
          await page.waitForURL(new RegExp(`/store/[^/]+/${slug}$`));
          await page.getByRole("heading", { name: "Bird echo" }).waitFor();
          expect(
            (await page.locator(".description").textContent()).includes(word),
            "the listing shows its Markdown description",
          );

          // Signed out, "Add to library" leads to sign in and back.
          await page.getByRole("button", { name: "Add to library" }).click();
          await page.getByRole("heading", { name: "Sign in to Agentflare" }).waitFor();
          await page.getByLabel("Email").fill(user.user.email);
          await page.getByLabel("Password").fill(password);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL(new RegExp(`/store/[^/]+/${slug}$`));
          await page.getByRole("button", { name: "Add to library" }).click();
          await page.getByRole("button", { name: "In your library" }).waitFor();

          await page.getByRole("region", { name: "Run" }).getByRole("button", { name: "Run" }).click();
          const runDialog = page.getByRole("dialog", { name: "Run agent" });
          await runDialog.getByLabel("call").fill("tweet");
          await runDialog.getByRole("button", { name: "Start run" }).click();
          await page.waitForURL(/\/runs\/[^/]+$/);
          await until(
            async () => (await page.locator("main .status").first().getAttribute("data-status")) === "COMPLETED",
            "the store agent's run COMPLETED",
            30_000,
          );

          // Share the finished run: the link shows it signed out, and nothing once revoked.
          const runUrl = page.url();
          await page.getByRole("button", { name: "Share" }).click();
          const link = await page.getByLabel("Shared link").inputValue();
          const shared = await page.context().newPage();
          await shared.goto(link);
          await until(
            async () => (await shared.locator("main").textContent()).includes("tweet"),
            "the shared run's output",
          );
          await page.getByRole("button", { name: "Revoke link" }).click();
          await page.getByRole("button", { name: "Share" }).waitFor();
          await shared.reload();
          await shared.getByText("does not exist or was revoked").waitFor();
          await shared.close();
          expect(page.url() === runUrl, "still on the run page");

          await page.goto(`${base}/library`);
          await page.getByRole("heading", { name: "Library" }).waitFor();
          await page.getByRole("link", { name: "Bird echo" }).waitFor();
        } finally {
          await page.evaluate((s) => {
            if (s) localStorage.setItem("agentflare.session", s);
            else localStorage.removeItem("agentflare.session");
          }, saved);
        }
      },
    },
  ];
}
