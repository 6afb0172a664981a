// The stored light/dark choice before the first paint (lib/ui/theme.svelte.ts keeps it afterwards). A file, not an
// inline script, so the editor's Content-Security-Policy needs no inline script allowance.
try {
  const t = localStorage.getItem("agentflare.theme");
  if (t === "light" || t === "dark") document.documentElement.dataset.theme = t;
} catch {}
