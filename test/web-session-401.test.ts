// The editor's API client signs out on a 401 only for the session that sent the request: a reply to the previous
// user's request, arriving after the next user signed in, must not sign the new user out (a browser-suite flake:
// signing out, then in as someone else, sometimes landed on the sign-in page).
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestVoid, setToken, setUnauthorizedHandler } from "../web/src/lib/api/http";

(globalThis as { __API_ORIGIN__?: string }).__API_ORIGIN__ = "http://local.test";

const unauthorized = () =>
  new Response(JSON.stringify({ error: { code: "unauthorized", message: "expired", details: [] } }), { status: 401 });

/** fetch replaced by one whose reply the test releases when it wants. */
function heldFetch() {
  let release: (res: Response) => void = () => {};
  const reply = new Promise<Response>((resolve) => {
    release = resolve;
  });
  vi.stubGlobal(
    "fetch",
    vi.fn(() => reply),
  );
  return (res: Response) => release(res);
}

afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
  setUnauthorizedHandler(() => {});
});

describe("a 401 on the editor's API client", () => {
  it("signs out the session that sent the request", async () => {
    const signOut = vi.fn();
    setUnauthorizedHandler(signOut);
    setToken("token-a");
    const release = heldFetch();
    const call = requestVoid("/graphs").catch((e: unknown) => e);
    release(unauthorized());
    expect(await call).toMatchObject({ status: 401 });
    expect(signOut).toHaveBeenCalledTimes(1);
  });

  it("leaves a session signed in after the request was sent alone", async () => {
    const signOut = vi.fn();
    setUnauthorizedHandler(signOut);
    setToken("token-a");
    const release = heldFetch();
    const call = requestVoid("/notifications").catch((e: unknown) => e);
    setToken("token-b"); // user A signed out, user B signed in while A's request was in flight
    release(unauthorized());
    expect(await call).toMatchObject({ status: 401 });
    expect(signOut).not.toHaveBeenCalled();
  });
});
