import { z } from "zod";
import { defineBlock } from "../contract";
import { messageOf } from "../runtime/errors";
import { renderTemplate } from "../runtime/template";

/** A graph output. With `format`, the value is rendered through a Jinja2 template first (variable = `name`). */
export const agentOutputBlock = defineBlock({
  inMemory: true,
  id: "363ae599-353e-4804-937e-b2ee3cef3da4",
  name: "AgentOutputBlock",
  description:
    "A block that records and formats workflow results for display to users, with optional Jinja2 template formatting support.",
  categories: ["OUTPUT", "BASIC"],
  blockType: "OUTPUT",
  staticOutput: true,
  input: z.object({
    value: z.unknown().optional().meta({ description: "The value to be recorded as output.", advanced: false }),
    name: z.string().describe("The name of the output."),
    title: z.string().nullable().default(null).meta({ description: "The title of the output.", advanced: true }),
    description: z
      .string()
      .nullable()
      .default(null)
      .meta({ description: "The description of the output.", advanced: true }),
    format: z.string().default("").meta({
      description: "The format string to be used to format the recorded_value. Use Jinja2 syntax.",
      advanced: true,
    }),
    escape_html: z.boolean().default(false).meta({
      description:
        "Whether to escape special characters in the inserted values to be HTML-safe. Enable for HTML output, disable for plain text.",
      advanced: true,
    }),
    advanced: z
      .boolean()
      .default(false)
      .meta({ description: "Whether to treat the output as advanced.", advanced: true }),
    secret: z
      .boolean()
      .default(false)
      .meta({ description: "Whether the output should be treated as a secret.", advanced: true }),
  }),
  output: z.object({
    output: z.unknown().describe("The value recorded as output."),
    name: z.unknown().describe("The name of the value recorded as output."),
  }),
  async *run(input) {
    if (input.format) {
      // Like AutoGPT, a broken template does not fail the run: the message goes out with the raw value.
      try {
        yield [
          "output",
          renderTemplate(input.format, { [input.name]: input.value }, { escapeHtml: input.escape_html }),
        ];
      } catch (err) {
        yield ["output", `Error: ${messageOf(err)}, ${JSON.stringify(input.value)}`];
      }
      return;
    }
    yield ["output", input.value];
    yield ["name", input.name];
  },
  tests: [
    {
      input: {
        value: "Hello, World!",
        name: "output_1",
        description: "This is a test output.",
        format: "{{ output_1 }}!!",
      },
      expect: [["output", "Hello, World!!!"]],
    },
    { input: { value: "42", name: "output_2", format: "{{ output_2 }}" }, expect: [["output", "42"]] },
    {
      input: { value: { a: 1 }, name: "output_3" },
      expect: [
        ["output", { a: 1 }],
        ["name", "output_3"],
      ],
    },
    {
      name: "escape_html escapes the inserted value, not the template",
      input: { value: "<b>hi</b>", name: "html", format: "<p>{{ html }}</p>", escape_html: true },
      expect: [["output", "<p>&lt;b&gt;hi&lt;/b&gt;</p>"]],
    },
  ],
});
