// The content type of an upload from its first bytes, not from what the client claims: a few signatures of the
// formats agents handle; text that decodes as UTF-8 is text/plain (or the declared text type); else octet-stream.
const SIGNATURES: [type: string, bytes: number[]][] = [
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/gif", [0x47, 0x49, 0x46, 0x38]],
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["application/zip", [0x50, 0x4b, 0x03, 0x04]],
  ["application/gzip", [0x1f, 0x8b]],
];

const TEXT_TYPES = new Set(["text/plain", "text/csv", "text/markdown", "application/json", "text/html", "text/xml"]);

/** @example sniffContentType(pngBytes, "text/plain") // "image/png" */
export function sniffContentType(bytes: Uint8Array, declared: string): string {
  for (const [type, sig] of SIGNATURES) {
    if (sig.every((b, i) => bytes[i] === b)) return type;
  }
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46) {
    if (String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP") return "image/webp";
  }
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, 4096));
  } catch {
    return "application/octet-stream";
  }
  const base = declared.split(";")[0]?.trim().toLowerCase() ?? "";
  // Declared HTML is served as plain text: an upload must not run script on our origin.
  return TEXT_TYPES.has(base) && base !== "text/html" ? base : "text/plain";
}
