// Markdown (agent descriptions, canvas notes) to sanitised HTML: marked parses, DOMPurify strips anything
// executable, links open in a new tab.
import DOMPurify from "dompurify";
import { marked } from "marked";

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/** @example markdownHtml("## Hi") // "<h2>Hi</h2>\n" */
export function markdownHtml(text: string): string {
  return DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: true }));
}
