import { z } from "zod";
import { defineBlock } from "../contract";

/** A sticky note on the canvas; the engine never schedules NOTE blocks. */
export const noteBlock = defineBlock({
  inMemory: true,
  id: "cc10ff7b-7753-4ff2-9af6-9399b1a7eddc",
  name: "NoteBlock",
  description: "This block is used to display a sticky note with the given text.",
  categories: ["BASIC"],
  blockType: "NOTE",
  input: z.object({ text: z.string().describe("The text to display in the sticky note.") }),
  output: z.object({ output: z.string().describe("The text to display in the sticky note.") }),
  async *run(input) {
    yield ["output", input.text];
  },
  tests: [{ input: { text: "Hello, World!" }, expect: [["output", "Hello, World!"]] }],
});
