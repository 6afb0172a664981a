import { z } from "zod";
import { defineBlock } from "../contract";

/** Builds a dictionary; in a graph, each `values_#_<key>` link fills one entry. */
export const createDictionaryBlock = defineBlock({
  inMemory: true,
  id: "b924ddf4-de4f-4b56-9a85-358930dcbc91",
  name: "CreateDictionaryBlock",
  description:
    "Creates a dictionary with the specified key-value pairs. Use this when you know all the values you want to add upfront.",
  categories: ["DATA"],
  input: z.object({
    values: z.record(z.string(), z.unknown()).meta({
      description: "Key-value pairs to create the dictionary with",
      placeholder: "e.g., {'name': 'Alice', 'age': 25}",
    }),
  }),
  output: z.object({
    dictionary: z
      .record(z.string(), z.unknown())
      .describe("The created dictionary containing the specified key-value pairs"),
  }),
  async *run(input) {
    yield ["dictionary", input.values];
  },
  tests: [
    {
      input: { values: { name: "Alice", age: 25, city: "New York" } },
      expect: [["dictionary", { name: "Alice", age: 25, city: "New York" }]],
    },
    {
      input: { values: { numbers: [1, 2, 3], active: true, score: 95.5 } },
      expect: [["dictionary", { numbers: [1, 2, 3], active: true, score: 95.5 }]],
    },
  ],
});
