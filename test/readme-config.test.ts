// The README's configuration table and wrangler.toml agree: every `var` row names a [vars] entry (so `npm start`
// passes it from the shell, scripts/start.mjs) and every [vars] entry has a row.
import { describe, expect, it } from "vitest";
import readme from "../README.md?raw";
import toml from "../wrangler.toml?raw";

/** Names in the first column of the Configuration table's rows of one kind. */
function tableNames(kind: "var" | "secret"): string[] {
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `") && line.split("|")[2]?.trim() === kind)
    .flatMap((line) => [...(line.split("|")[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? ""));
}

const tomlVars = [
  ...(/^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? "").matchAll(/^([A-Z][A-Z0-9_]*)\s*=/gm),
].map((m) => m[1] ?? "");

describe("the README's configuration table", () => {
  it("lists every wrangler.toml var, and every var it lists is settable from the shell", () => {
    const documented = tableNames("var");
    expect(documented).toContain("OUTBOUND_ALLOW_HOSTS");
    expect(documented.filter((name) => !tomlVars.includes(name))).toEqual([]);
    expect(tomlVars.filter((name) => !documented.includes(name))).toEqual([]);
  });
});
