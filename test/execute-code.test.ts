// ExecuteCodeBlock in real runs: results and logs on the pins, a runaway script stopped by the sandbox's
// limits with its error on the error pin while the rest of the run goes on, and no way out to the Worker.
import { describe, expect, it } from "vitest";
import { createGraph, graphJson, newUser, runToEnd, uid } from "./engine-helpers";

const EXECUTE_CODE = "0b02b072-abe7-11ef-8372-fb5d162dd712";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";

describe("ExecuteCodeBlock in a run", () => {
  it("outputs the result and logs; a runaway sibling fails on its error pin and the run completes", async () => {
    const { token } = await newUser();
    const [good, loop, bomb, res, out, err1, err2] = ["good", "loop", "bomb", "res", "out", "e1", "e2"].map(uid) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const graph = await createGraph(
      token,
      graphJson(
        "code",
        [
          {
            id: good,
            block_id: EXECUTE_CODE,
            input_default: {
              language: "typescript",
              code: "const xs: number[] = [1, 2, 3];\nconsole.log('sum of', xs.length);\nxs.reduce((a, b) => a + b, 0)",
            },
          },
          { id: loop, block_id: EXECUTE_CODE, input_default: { language: "js", code: "for (;;) {}", timeout: 1 } },
          {
            id: bomb,
            block_id: EXECUTE_CODE,
            input_default: {
              language: "js",
              code: "const a = [[1]]; for (;;) a.push(a[a.length - 1].concat(a[a.length - 1]))",
            },
          },
          { id: res, block_id: OUTPUT, input_default: { name: "result" } },
          { id: out, block_id: OUTPUT, input_default: { name: "stdout" } },
          { id: err1, block_id: OUTPUT, input_default: { name: "loop_error" } },
          { id: err2, block_id: OUTPUT, input_default: { name: "bomb_error" } },
        ],
        [
          [good, "response", res, "value"],
          [good, "stdout_logs", out, "value"],
          [loop, "error", err1, "value"],
          [bomb, "error", err2, "value"],
        ],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.outputs.result).toEqual(["6"]);
    expect(run.outputs.stdout).toEqual(["sum of 3\n"]);
    expect(run.outputs.loop_error).toEqual(["Execution stopped: CPU time limit of 1000 ms exceeded"]);
    expect(run.outputs.bomb_error).toEqual(["InternalError: out of memory"]);
    const goodExec = run.node_executions.find((e) => e.node_id === good);
    expect(goodExec?.output.main_result).toEqual([{ text: "6", json: 6 }]);
    expect(run.node_executions.find((e) => e.node_id === loop)?.status).toBe("FAILED");
  });

  it("cannot reach the run's bindings, the network or the host", async () => {
    const { token } = await newUser();
    const [code, out] = [uid("code"), uid("out")];
    const probe = `[typeof env, typeof fetch, typeof DB, typeof FILES, typeof caches, typeof setTimeout,
      typeof globalThis.__write, Object.getOwnPropertyNames(globalThis).filter((k) => /env|fetch|DB|FILES/.test(k)).length]`;
    const graph = await createGraph(
      token,
      graphJson(
        "probe",
        [
          { id: code, block_id: EXECUTE_CODE, input_default: { language: "js", code: probe } },
          { id: out, block_id: OUTPUT, input_default: { name: "seen" } },
        ],
        [[code, "main_result", out, "value"]],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(run.outputs.seen).toEqual([
      {
        text: '["undefined","undefined","undefined","undefined","undefined","undefined","undefined",0]',
        json: ["undefined", "undefined", "undefined", "undefined", "undefined", "undefined", "undefined", 0],
      },
    ]);
  });

  it("names an E2B-only language on the error pin", async () => {
    const { token } = await newUser();
    const [code, out] = [uid("code"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "python",
        [
          { id: code, block_id: EXECUTE_CODE, input_default: { language: "bash", code: "echo hi" } },
          { id: out, block_id: OUTPUT, input_default: { name: "error" } },
        ],
        [[code, "error", out, "value"]],
      ),
    );
    const run = await runToEnd(token, graph.id);
    expect(String(run.outputs.error?.[0])).toMatch(/Language "bash" is not supported/);
  });
});
