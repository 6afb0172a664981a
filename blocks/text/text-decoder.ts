import { z } from "zod";
import { defineBlock } from "../contract";

const SIMPLE: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  a: "\x07",
  "0": "\0",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "\n": "",
};

/** Python's codecs.decode(text, "unicode_escape") for the escapes people paste: \n \t \" \\ \xHH \uHHHH \UHHHHHHHH. */
function decodeEscapes(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g,
    (whole, esc: string) => {
      const head = esc[0] ?? "";
      if (head === "x" || head === "u" || head === "U") return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
      if (/^[0-7]+$/.test(esc) && esc !== "0") return String.fromCodePoint(Number.parseInt(esc, 8));
      return SIMPLE[esc] ?? whole;
    },
  );
}

export const textDecoderBlock = defineBlock({
  inMemory: true,
  id: "2570e8fe-8447-43ed-84c7-70d657923231",
  name: "TextDecoderBlock",
  description: "Decodes a string containing escape sequences into actual text",
  categories: ["TEXT"],
  input: z.object({
    text: z.string().meta({
      description: "A string containing escaped characters to be decoded",
      placeholder: 'Your entire text block with \\n and \\" escaped characters',
    }),
  }),
  output: z.object({ decoded_text: z.string().describe("The decoded text with escape sequences processed") }),
  async *run(input) {
    yield ["decoded_text", decodeEscapes(input.text)];
  },
  tests: [
    {
      input: { text: 'Hello\\nWorld!\\nThis is a \\"quoted\\" string.' },
      expect: [["decoded_text", 'Hello\nWorld!\nThis is a "quoted" string.']],
    },
    { input: { text: "tab\\there \\u00e9 \\x41 \\\\n" }, expect: [["decoded_text", "tab\there é A \\n"]] },
  ],
});
