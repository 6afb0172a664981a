// Agents a new account can start from: the AutoGPT exports under autogpt/ (real exports, imported as any
// export is) and a few small ones of ours. Each is sent to the import endpoint as it is.
export type Template = { key: string; name: string; description: string; nodes: number; graph: unknown };

const files = import.meta.glob<{ default: { name?: string; description?: string; nodes?: unknown[] } }>("./**/*.json", {
  eager: true,
});

export const templates: Template[] = Object.entries(files)
  .map(([path, mod]) => ({
    key: path.replace(/^\.\/|\.json$/g, ""),
    name: mod.default.name ?? path,
    description: mod.default.description ?? "",
    nodes: mod.default.nodes?.length ?? 0,
    graph: mod.default,
  }))
  // Ours first: they are the smallest, and run without credentials.
  .sort(
    (a, b) =>
      Number(a.key.startsWith("autogpt/")) - Number(b.key.startsWith("autogpt/")) || a.name.localeCompare(b.name),
  );
