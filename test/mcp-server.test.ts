// The MCP server at /api/v1/mcp through the official SDK client: the user's agents are tools with the graph's
// input schema; calling one runs the agent and returns its outputs; an API key without `execute` is refused.

import { exports } from "cloudflare:workers";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import { describe, expect, it } from "vitest";
import { createGraph, graphJson, newUser, uid } from "./engine-helpers";
import { createApiKey } from "./helpers/auth";

const INPUT = "c0a8e994-ebf1-4a9c-a4d8-89d09c86741b";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";
const TEMPLATE = "db7d8f02-2f44-4c55-ab7a-eae0941f0c30";

async function connect(apiKey: string) {
  const client = new Client(
    { name: "test", version: "1.0.0" },
    { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  const transport = new StreamableHTTPClientTransport(new URL("http://local.test/api/v1/mcp"), {
    requestInit: { headers: { "X-API-Key": apiKey } },
    fetch: (input, init) => exports.default.fetch(new Request(input, init)),
  });
  await client.connect(transport);
  return client;
}

describe("MCP server: agents as tools", () => {
  it("lists the user's agents with their input schema and runs one as a tool", async () => {
    const { token } = await newUser();
    const other = await newUser();
    const [input, tpl, out] = [uid("in"), uid("tpl"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "greeter",
        [
          { id: input, block_id: INPUT, input_default: { name: "who" } },
          { id: tpl, block_id: TEMPLATE, input_default: { format: "Hello, {{who}}!" } },
          { id: out, block_id: OUTPUT, input_default: { name: "greeting" } },
        ],
        [
          [input, "result", tpl, "values_#_who"],
          [tpl, "output", out, "value"],
        ],
      ),
    );
    await createGraph(
      other.token,
      graphJson("not mine", [{ id: uid("o"), block_id: OUTPUT, input_default: { name: "x" } }], []),
    );

    const { key } = await createApiKey(token, ["execute"]);
    const client = await connect(key);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([graph.id]);
    expect(tools[0]?.title).toBe("greeter");
    expect(tools[0]?.inputSchema.properties).toHaveProperty("who");

    const result = await client.callTool({ name: graph.id, arguments: { who: "MCP" } });
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ status: "COMPLETED", outputs: { greeting: ["Hello, MCP!"] } });

    // Another user's agent is not a tool of this user.
    const foreign = await client.callTool({ name: crypto.randomUUID(), arguments: {} });
    expect(foreign.isError).toBe(true);
    await client.close();
  });

  it("refuses an API key without the execute scope", async () => {
    const { token } = await newUser();
    const { key } = await createApiKey(token, ["read"]);
    await expect(connect(key)).rejects.toThrow(/403|forbidden|scope/i);
  });
});
