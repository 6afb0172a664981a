// The signed-in user, kept in localStorage so a reload (or a deep link) stays signed in.
import { setToken, setUnauthorizedHandler } from "./http";
import type { Session, User } from "./schemas";

const KEY = "agentflare.session";
/** Who was signed in when a `?next=` was recorded: a different user signing in on this tab is not sent there. */
const NEXT_OWNER = "agentflare.next-owner";

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

const state = $state<{ user: User | null; expired: boolean }>({ user: null, expired: false });

export const session = {
  get user(): User | null {
    return state.user;
  },
  /** The API refused the token (it expired): the page stays as it is under a sign-in dialog. */
  get expired(): boolean {
    return state.expired;
  },
  start(s: Session): void {
    localStorage.setItem(KEY, JSON.stringify(s));
    setToken(s.token);
    state.user = s.user;
    state.expired = false;
  },
  end(): void {
    localStorage.removeItem(KEY);
    sessionStorage.removeItem(NEXT_OWNER);
    setToken(null);
    state.user = null;
    state.expired = false;
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
  /**
   * Where to go after `user` signed in: `next` when it is a same-site path recorded for this user (or for
   * nobody, as with a deep link opened signed out); the agents list otherwise.
   */
  landingFor(user: User, next: string | null): string {
    const owner = sessionStorage.getItem(NEXT_OWNER);
    sessionStorage.removeItem(NEXT_OWNER);
    // Only same-site paths: an open redirect would let a link send people elsewhere after signing in.
    const sameSite = next?.startsWith("/") && !next.startsWith("//");
    return sameSite && (!owner || owner === user.id) ? (next as string) : "/agents";
  },
};

setUnauthorizedHandler(() => {
  // Keep the user and the page (unsaved edits included); the layout shows a sign-in dialog over it.
  localStorage.removeItem(KEY);
  setToken(null);
  // A reload now leads to /login?next=<this page>: only this user may be sent back there.
  if (state.user) sessionStorage.setItem(NEXT_OWNER, state.user.id);
  state.expired = true;
});
