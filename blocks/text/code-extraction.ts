import { z } from "zod";
import { defineBlock } from "../contract";

/** Output pin → the fence tags that count as that language. */
const LANGUAGES = {
  html: ["html", "htm"],
  css: ["css"],
  javascript: ["javascript", "js"],
  python: ["python", "py"],
  sql: ["sql"],
  java: ["java"],
  cpp: ["cpp", "c++"],
  csharp: ["csharp", "c#", "cs"],
  json_code: ["json"],
  bash: ["bash", "shell", "sh"],
  php: ["php"],
  ruby: ["ruby", "rb"],
  yaml: ["yaml", "yml"],
  markdown: ["markdown", "md"],
  typescript: ["typescript", "ts"],
  xml: ["xml"],
} as const;

type Language = keyof typeof LANGUAGES;

const LABELS: Record<Language, string> = {
  html: "HTML",
  css: "CSS",
  javascript: "JavaScript",
  python: "Python",
  sql: "SQL",
  java: "Java",
  cpp: "C++",
  csharp: "C#",
  json_code: "JSON",
  bash: "Bash",
  php: "PHP",
  ruby: "Ruby",
  yaml: "YAML",
  markdown: "Markdown",
  typescript: "TypeScript",
  xml: "XML",
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every fenced block tagged `alias` (```alias … ```), trimmed, joined by a blank line. */
function extractCode(text: string, alias: string): string {
  // Our own fixed patterns (not user input): JS RegExp is fine here.
  const re = new RegExp(`\`\`\`${escapeRegExp(alias)}[ \\t]*\\n([\\s\\S]*?)\\n\`\`\``, "gi");
  return [...text.matchAll(re)].map((m) => (m[1] ?? "").trim()).join("\n\n");
}

const ALL_ALIASES = Object.values(LANGUAGES).flat().map(escapeRegExp).join("|");
const ANY_FENCE = new RegExp(`\`\`\`(?:${ALL_ALIASES})[ \\t]*\\n[\\s\\S]*?\`\`\``, "g");

const outputShape = Object.fromEntries(
  (Object.keys(LANGUAGES) as Language[]).map((lang) => [lang, z.string().describe(`Extracted ${LABELS[lang]} code`)]),
) as Record<Language, z.ZodString>;

export const codeExtractionBlock = defineBlock({
  inMemory: true,
  id: "d3a7d896-3b78-4f44-8b4b-48fbf4f0bcd8",
  name: "CodeExtractionBlock",
  description: "Extracts code blocks from text and identifies their programming languages",
  categories: ["TEXT"],
  input: z.object({
    text: z.string().meta({
      description: "Text containing code blocks to extract (e.g., AI response)",
      placeholder: "Enter text containing code blocks",
    }),
  }),
  output: z.object({
    ...outputShape,
    remaining_text: z.string().describe("Remaining text after code extraction"),
  }),
  async *run(input) {
    for (const lang of Object.keys(LANGUAGES) as Language[]) {
      const code = LANGUAGES[lang]
        .map((alias) => extractCode(input.text, alias))
        .filter(Boolean)
        .join("\n\n");
      if (code) yield [lang, code];
    }
    const remaining = input.text
      .replace(ANY_FENCE, "")
      .trim()
      .replace(/\n\s*\n/g, "\n");
    if (remaining) yield ["remaining_text", remaining];
  },
  tests: [
    {
      input: {
        text: "Here's a Python example:\n```python\nprint('Hello World')\n```\nAnd some HTML:\n```html\n<h1>Title</h1>\n```",
      },
      expect: [
        ["html", "<h1>Title</h1>"],
        ["python", "print('Hello World')"],
        ["remaining_text", "Here's a Python example:\nAnd some HTML:"],
      ],
    },
  ],
});
