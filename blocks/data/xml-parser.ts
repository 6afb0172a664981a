import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import { defineBlock } from "../contract";
import { DEFAULT_BLOCK_LIMITS } from "../runtime/block-limits";

const parser = new XMLParser({
  // Values stay strings, as AutoGPT's gravitasml leaves them; attributes are kept under "@_name".
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  trimValues: true,
  maxNestedTags: 256,
});

export const xmlParserBlock = defineBlock({
  inMemory: true,
  id: "286380af-9529-4b55-8be0-1d7c854abdb5",
  name: "XMLParserBlock",
  description: "Parses XML and converts it to a dictionary",
  categories: ["DATA"],
  input: z.object({ input_xml: z.string().describe("input xml to be parsed") }),
  output: z.object({ parsed_xml: z.record(z.string(), z.unknown()).describe("output parsed xml to dict") }),
  async *run({ input_xml }, ctx) {
    const max = (ctx.limits ?? DEFAULT_BLOCK_LIMITS).parsedTextChars;
    if (input_xml.length > max) {
      yield ["error", `XML too large: ${input_xml.length} characters > ${max} (MAX_PARSED_TEXT_CHARS)`];
      return;
    }
    if (!input_xml.trim()) {
      yield ["error", "XML input is empty."];
      return;
    }
    const valid = XMLValidator.validate(input_xml);
    if (valid !== true) {
      yield ["error", `Error in input xml syntax: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`];
      return;
    }
    const parsed = parser.parse(input_xml) as Record<string, unknown>;
    const roots = Object.keys(parsed).filter((k) => !k.startsWith("?"));
    if (roots.length !== 1) {
      yield ["error", "XML must have a single root element."];
      return;
    }
    yield ["parsed_xml", Object.fromEntries(roots.map((k) => [k, parsed[k]]))];
  },
  tests: [
    {
      input: { input_xml: "<tag1><tag2>content</tag2></tag1>" },
      expect: [["parsed_xml", { tag1: { tag2: "content" } }]],
    },
    {
      name: "repeated tags become lists, attributes are kept",
      input: { input_xml: '<?xml version="1.0"?><list kind="x"><i>1</i><i>2</i></list>' },
      expect: [["parsed_xml", { list: { i: ["1", "2"], "@_kind": "x" } }]],
    },
    {
      input: { input_xml: "<a><b></a>" },
      expect: [["error", (m: unknown) => String(m).startsWith("Error in input xml syntax")]],
    },
  ],
});
