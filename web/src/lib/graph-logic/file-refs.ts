// File references in run values: the `r2://…` URIs blocks such as FileStoreBlock and AgentFileInputBlock produce.
export type FileRef = { uri: string; name: string };

const SCHEME = "r2://";

/** Every file reference in a value (strings, lists, objects), at most `limit`, each once, in order. */
export function fileRefs(value: unknown, limit = 20): FileRef[] {
  const found = new Map<string, FileRef>();
  const visit = (v: unknown, depth: number) => {
    if (found.size >= limit || depth > 6) return;
    if (typeof v === "string") {
      if (v.startsWith(SCHEME) && !found.has(v)) found.set(v, { uri: v, name: nameOf(v) });
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
    } else if (v && typeof v === "object") {
      for (const item of Object.values(v)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  return [...found.values()];
}

/** @example nameOf("r2://runs/u/e/files/f/report.csv") // "report.csv" */
export function nameOf(uri: string): string {
  const last = uri.slice(uri.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(last) || "file";
  } catch {
    return last || "file";
  }
}
