// Export rules: a secret input's value must not reach the export at all — not as the node's input_default and
// not as that input's `default` in the computed input_schema (the schema used to be built from unstripped nodes).
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

const SECRET = "sk-live-export-must-not-leak-7";

describe("graph export", () => {
  it("never carries a secret input's value, in the nodes or in the input schema", async () => {
    const user = await signUp();
    const [input, secret, output] = [uid("in"), uid("secret"), uid("out")];
    const graph = await createGraph(
      user.token,
      graphJson(
        "secret default",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "text" } },
          { id: secret, block_id: BLOCK.input, input_default: { name: "api_key", secret: true, value: SECRET } },
          { id: output, block_id: BLOCK.output, input_default: { name: "echo" } },
        ],
        [[input, "result", output, "value"]],
      ),
    );
    const res = await api(`/graphs/${graph.id}/export?version=1`, { token: user.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("api_key");
    expect(text).not.toContain(SECRET);
  });
});
