// Small inputs that ask a block for a giant output: a replacement that multiplies a text, a padded list that
// repeats one big value. Each node fails alone (MAX_OUTPUT_VALUE_CHARS, default 16 Mi characters) without
// building or encoding the giant value, and the run goes on to its end.
import { describe, expect, it } from "vitest";
import { BLOCK, createGraph, execute, getRun, graphJson, newUser, uid, until } from "./engine-helpers";

const TEXT_REPLACE = "7e7c87ab-3469-4bcc-9abe-67705091b713";
const ZIP_LISTS = "0d0e684f-5cb9-4c4b-b8d1-47a0860e0c07";

async function runOne(blockId: string, input: Record<string, unknown>, pin: string) {
  const user = await newUser();
  const [id, out] = [uid("n"), uid("out")];
  const graph = await createGraph(
    user.token,
    graphJson(
      "giant",
      [
        { id, block_id: blockId, input_default: input },
        { id: out, block_id: BLOCK.output, input_default: { name: "result" } },
      ],
      [[id, pin, out, "value"]],
    ),
  );
  const started = await execute(user.token, graph.id);
  expect(started.status).toBe(202);
  const { execution_id } = (await started.json()) as { execution_id: string };
  const run = await until(user.token, execution_id, (r) => r.status === "FAILED" || r.status === "COMPLETED");
  const node = (await getRun(user.token, execution_id)).node_executions.find((n) => n.node_id === id);
  return { run, node };
}

describe("a node asked for a giant output fails alone", () => {
  it("TextReplace that would make 300 M characters from 100 k refuses before building them", async () => {
    const { run, node } = await runOne(
      TEXT_REPLACE,
      { text: "a".repeat(100_000), old: "a", new: "b".repeat(3_000) },
      "output",
    );
    expect(node?.status).toBe("FAILED");
    expect(node?.error).toContain(
      "The text would be 300000000 characters long, more than 16777216 (MAX_OUTPUT_VALUE_CHARS)",
    );
    expect(run.stats.node_error_count).toBe(1);
  });

  it("ZipLists padding 100 k rows with one 400 KB value (40 GB of JSON) fails without encoding it", async () => {
    const { node } = await runOne(
      ZIP_LISTS,
      {
        lists: [Array.from({ length: 100_000 }, (_, i) => i), ["y"]],
        pad_to_longest: true,
        fill_value: "f".repeat(400_000),
      },
      "zipped_list",
    );
    expect(node?.status).toBe("FAILED");
    expect(node?.error).toBe(
      'Output "zipped_list" is larger than 16777216 characters of JSON (MAX_OUTPUT_VALUE_CHARS)',
    );
    // The giant value is dropped; the count beside it stays.
    expect(node?.output).toEqual({ length: [100_000], error: [node?.error] });
  });
});
