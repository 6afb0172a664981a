// Light or dark: the system's setting unless the person picked one (kept in localStorage). app.html applies
// the stored choice before the first paint; this module keeps <html data-theme> and Svelte Flow in step.
export type ThemeChoice = "system" | "light" | "dark";

const KEY = "agentflare.theme";
const media = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

function stored(): ThemeChoice {
  const v = typeof localStorage === "undefined" ? null : localStorage.getItem(KEY);
  return v === "light" || v === "dark" ? v : "system";
}

const state = $state({ choice: stored(), systemDark: media?.matches ?? false });
media?.addEventListener("change", (e) => {
  state.systemDark = e.matches;
});

export const theme = {
  get choice(): ThemeChoice {
    return state.choice;
  },
  /** The scheme on screen now. */
  get effective(): "light" | "dark" {
    return state.choice === "system" ? (state.systemDark ? "dark" : "light") : state.choice;
  },
  set(choice: ThemeChoice): void {
    state.choice = choice;
    if (choice === "system") {
      localStorage.removeItem(KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(KEY, choice);
      document.documentElement.dataset.theme = choice;
    }
  },
};
