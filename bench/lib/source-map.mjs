// Bundle positions in a CPU profile mapped back to our sources: one mapper for every profiling script.
import fs from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";

/**
 * Maps bundle positions to original files with the bundle's source map. The runtime names the bundle by its file
 * name only ("index.js"); wrangler writes it with its map under <root>/.wrangler/tmp/<dev-dir>/.
 */
export function sourceMapper(root) {
  const maps = new Map();
  const locate = (url) => {
    if (url.startsWith("file://")) return new URL(url).pathname;
    if (path.isAbsolute(url)) return url;
    const tmp = path.join(root, ".wrangler", "tmp");
    for (const d of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
      if (fs.existsSync(path.join(tmp, d, `${url}.map`))) return path.join(tmp, d, url);
    }
    return null;
  };
  return (url, line, col) => {
    if (!maps.has(url)) {
      const file = locate(url);
      let sm = null;
      try {
        sm = file && new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
      } catch {
        // no map: report bundle positions
      }
      maps.set(url, { file, sm });
    }
    const { file, sm } = maps.get(url);
    const e = sm?.findEntry(line, col);
    if (e?.originalSource) {
      const orig = e.originalSource.startsWith("file://") ? new URL(e.originalSource).pathname : e.originalSource;
      return { file: path.relative(root, path.resolve(path.dirname(file), orig)), line: e.originalLine + 1 };
    }
    return { file: url, line: line + 1 };
  };
}
