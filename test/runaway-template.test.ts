// A runaway template fails its own node with a clear error; another user's run goes on meanwhile.
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, getRun, graphJson, newUser, uid, until } from "./engine-helpers";

describe("runaway FillTextTemplate", () => {
  it("fails alone with the step limit while another run completes", async () => {
    const attacker = await newUser();
    const [template, out] = [uid("tpl"), uid("out")];
    const list = (n: number) => Array.from({ length: n }, (_, i) => i);
    const runaway = await createGraph(
      attacker.token,
      graphJson(
        "runaway",
        [
          {
            id: template,
            block_id: BLOCK.template,
            input_default: {
              values: { a: list(1000), b: list(1000), c: list(30) },
              format: "{% for x in a %}{% for y in b %}{% for z in c %}{{ z }}{% endfor %}{% endfor %}{% endfor %}",
            },
          },
          { id: out, block_id: BLOCK.output, input_default: { name: "text" } },
        ],
        [[template, "output", out, "value"]],
      ),
    );
    const started = await execute(attacker.token, runaway.id);
    expect(started.status).toBe(202);
    const { execution_id: runawayId } = (await started.json()) as { execution_id: string };

    const other = await newUser();
    const [input, output] = [uid("in"), uid("out")];
    const echo = await createGraph(
      other.token,
      graphJson(
        "echo",
        [
          { id: input, block_id: BLOCK.input, input_default: { name: "x" } },
          { id: output, block_id: BLOCK.output, input_default: { name: "y" } },
        ],
        [[input, "result", output, "value"]],
      ),
    );
    const res = await execute(other.token, echo.id, { x: "still here" }, 20);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { outputs: unknown }).outputs).toEqual({ y: ["still here"] });

    const failed = await until(attacker.token, runawayId, (r) => r.status === "FAILED" || r.status === "COMPLETED");
    expect(failed.stats.node_error_count).toBe(1);
    const node = (await getRun(attacker.token, runawayId)).node_executions.find((n) => n.node_id === template);
    expect(node?.status).toBe("FAILED");
    expect(node?.error).toMatch(/Template took more than \d+ steps \(MAX_TEMPLATE_STEPS\)/);
  });
});
