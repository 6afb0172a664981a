// MCPToolBlock's tool picker in the editor, against the platform's own MCP server (/api/v1/mcp: the user's agents as
// tools). The platform under test listens on 127.0.0.1, which the SSRF guard refuses unless the operator lists it:
// server.mjs passes OUTBOUND_ALLOW_HOSTS=127.0.0.1:<port>, as a self-hoster would name a LAN server. The same server
// as `localhost` is not on the list: its refusal shows under the field. Then "Load tools" lists the agents, picking
// one fills tool_name and the tool's schema as one undo step, and the saved node holds both.
import { node } from "./canvas.mjs";
import { createAgent, expect, nodeAt, tokenOf, until } from "./helpers.mjs";

const MCP_TOOL = "6d3f1c2a-8b4e-4f7a-9c5d-2e1b0a9f8c71";
const INPUT = "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";

export function mcpScenarios({ base }) {
  return [
    {
      name: "mcp tool picker: load an MCP server's tools on the node, pick one (one undo step), save",
      async run(page) {
        const token = await tokenOf(page);
        const headers = { authorization: `Bearer ${token}` };
        const post = async (path, data, status = 201) => {
          const res = await page.request.post(`${base}/api/v1${path}`, { headers, data });
          expect(res.status() === status, `${path} answered ${res.status()}: ${await res.text()}`);
          return await res.json();
        };
        // The tool: an echo agent. The key the MCP server takes (execute scope), kept in the vault as an mcp credential.
        const [inp, out] = [crypto.randomUUID(), crypto.randomUUID()];
        const echo = await createAgent(page, base, {
          name: "Echo for MCP",
          description: "Echoes the text it is given",
          nodes: [nodeAt(inp, INPUT, { name: "text" }, 0), nodeAt(out, OUTPUT, { name: "echo" }, 360)],
          links: [{ source_id: inp, source_name: "result", sink_id: out, sink_name: "value", is_static: false }],
        });
        const made = await post("/api-keys", { name: "mcp picker", scopes: ["execute"] });
        const key = made.key ?? made.token;
        expect(typeof key === "string" && key.length > 0, "the new API key");
        const cred = await post("/credentials", { provider: "mcp", type: "api_key", title: "Own MCP", api_key: key });
        const credentials = { id: cred.id, provider: cred.provider, type: cred.type, title: cred.title };

        const port = new URL(base).port;
        const mcp = crypto.randomUUID();
        const agent = await createAgent(page, base, {
          name: "Uses an MCP tool",
          nodes: [nodeAt(mcp, MCP_TOOL, { server_url: `http://localhost:${port}/api/v1/mcp`, credentials }, 0)],
          links: [],
        });
        await page.goto(`${base}/agents/${agent.id}/edit`);
        const card = node(page, mcp);
        const picker = card.getByTestId("mcp-tool-picker");
        await picker.waitFor();

        // `localhost` is not on OUTBOUND_ALLOW_HOSTS: the guard's refusal is shown under the field.
        await picker.getByRole("button", { name: "Load tools" }).click();
        const alert = picker.getByRole("alert");
        await until(
          async () => /Blocked request/.test((await alert.textContent().catch(() => "")) ?? ""),
          "the refusal",
        );
        expect((await picker.getByLabel("Pick a tool").count()) === 0, "no tool list after a refusal");

        // The listed address: the agents come back as tools, named by id, with their descriptions.
        await card.locator(`[id="f-${mcp}-server_url"]`).fill(`${base}/api/v1/mcp`);
        await picker.getByRole("button", { name: "Load tools" }).click();
        const select = picker.getByLabel("Pick a tool");
        await select.waitFor();
        expect((await alert.count()) === 0, "the error is gone once the tools load");
        const label = await select.locator(`option[value="${echo.id}"]`).textContent();
        expect(label?.includes("Echoes the text it is given"), `the option shows the description, got "${label}"`);

        await select.selectOption(echo.id);
        const toolName = card.locator(`[id="f-${mcp}-tool_name"]`);
        await until(async () => (await toolName.inputValue()) === echo.id, "tool_name set by the pick");
        // One undo step takes the name (and the schema with it) back; redo restores both.
        await page.getByRole("button", { name: "Undo" }).click();
        await until(async () => (await toolName.inputValue()) === "", "the pick undone");
        await page.getByRole("button", { name: "Redo" }).click();
        await until(async () => (await toolName.inputValue()) === echo.id, "the pick redone");

        await page.getByRole("button", { name: "Save", exact: true }).click();
        await until(async () => /Saved version \d+/.test(await page.getByRole("status").textContent()), "the save");
        const saved = await (await page.request.get(`${base}/api/v1/graphs/${agent.id}`, { headers })).json();
        const inputs = saved.nodes.find((n) => n.id === mcp)?.input_default ?? {};
        expect(inputs.tool_name === echo.id, `saved tool_name ${inputs.tool_name}`);
        expect(
          inputs.tool_input_schema?.properties?.text !== undefined,
          `saved tool_input_schema ${JSON.stringify(inputs.tool_input_schema)}`,
        );
        expect(
          inputs.tool_description === "Echoes the text it is given",
          `saved description ${inputs.tool_description}`,
        );
        expect(inputs.credentials?.id === cred.id, "the credential stays on the node");
      },
    },
  ];
}
