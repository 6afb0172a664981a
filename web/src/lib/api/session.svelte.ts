// The signed-in user, kept in localStorage so a reload (or a deep link) stays signed in.
import { goto } from "$app/navigation";
import { setToken, setUnauthorizedHandler } from "./http";
import type { Session, User } from "./schemas";

const KEY = "agentflare.session";

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

const state = $state<{ user: User | null }>({ user: null });

export const session = {
  get user(): User | null {
    return state.user;
  },
  start(s: Session): void {
    localStorage.setItem(KEY, JSON.stringify(s));
    setToken(s.token);
    state.user = s.user;
  },
  end(): void {
    localStorage.removeItem(KEY);
    setToken(null);
    state.user = null;
  },
  /** Restore a saved session at boot; returns whether one exists. */
  restore(): boolean {
    const s = load();
    if (s) {
      setToken(s.token);
      state.user = s.user;
    }
    return s !== null;
  },
};

setUnauthorizedHandler(() => {
  session.end();
  const next = location.pathname + location.search;
  void goto(`/login?next=${encodeURIComponent(next)}`);
});
