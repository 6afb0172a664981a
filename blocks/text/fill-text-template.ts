import { z } from "zod";
import { defineBlock } from "../contract";
import { renderTemplate } from "../runtime/template";

/** Renders a Jinja2 template (`{{ name }}`, filters, loops) with `values` as its variables. */
export const fillTextTemplateBlock = defineBlock({
  inMemory: true,
  id: "db7d8f02-2f44-4c55-ab7a-eae0941f0c30",
  name: "FillTextTemplateBlock",
  description: "This block formats the given texts using the format template.",
  categories: ["TEXT"],
  input: z.object({
    values: z
      .record(z.string(), z.unknown())
      .describe(
        "Values (dict) to be used in format. These values can be used by putting them in double curly braces in the format template. e.g. {{value_name}}.",
      ),
    format: z.string().describe("Template to format the text using `values`. Use Jinja2 syntax."),
    escape_html: z.boolean().default(false).meta({
      description:
        "Whether to escape special characters in the inserted values to be HTML-safe. Enable for HTML output, disable for plain text.",
      advanced: true,
    }),
  }),
  output: z.object({ output: z.string().describe("Formatted text") }),
  async *run(input) {
    yield ["output", renderTemplate(input.format, input.values, { escapeHtml: input.escape_html })];
  },
  tests: [
    {
      input: { values: { name: "Alice", hello: "Hello", world: "World!" }, format: "{{hello}}, {{ world }} {{name}}" },
      expect: [["output", "Hello, World! Alice"]],
    },
    {
      input: { values: { list: ["Hello", " World!"] }, format: "{% for item in list %}{{ item }}{% endfor %}" },
      expect: [["output", "Hello World!"]],
    },
    {
      input: { values: {}, format: "{% set name = 'Alice' %}Hello, World! {{ name }}" },
      expect: [["output", "Hello, World! Alice"]],
    },
    {
      name: "filters, conditionals and AutoGPT's format filter",
      input: {
        values: { name: "ada", price: 19.987, items: [] },
        format: "{{ name | upper }} {{ price | format('%.2f') }}{% if not items %} (empty){% endif %}",
      },
      expect: [["output", "ADA 19.99 (empty)"]],
    },
  ],
});
