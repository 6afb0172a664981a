import { describe, expect, it } from "vitest";
import { RetryableError } from "../contract";
import { blockedReason, createSafeFetch, SafeFetchError } from "./safe-fetch";

/** A stand-in for the network: answers by URL and records every request it was asked to make. */
function fakeNetwork(routes: Record<string, (req: Request) => Response | Promise<Response>>) {
  const seen: Request[] = [];
  const fetch = async (req: Request) => {
    seen.push(req);
    const handler = routes[req.url];
    if (!handler) throw new Error(`no route for ${req.url}`);
    return handler(req);
  };
  return { fetch, seen };
}

const limits = { maxBytes: 1024, timeoutMs: 2_000, maxRedirects: 3 };

describe("blockedReason", () => {
  it.each([
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://localhost:8787/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata/",
    "http://0.0.0.0/",
    "http://0/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://255.255.255.255/",
    "http://[::]/",
    "http://240.0.0.1/",
    "http://[64:ff9b::a00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[::127.0.0.1]/",
    "http://[::7f00:1]/",
    "http://169.254.169.254.nip.io/",
    "http://app.10-0-0-1.sslip.io/",
    "http://127.0.0.1.xip.io/",
    "http://localtest.me/",
    "http://sub.lvh.me:8080/",
  ])("refuses %s", (url) => {
    expect(blockedReason(new URL(url))).toBeTruthy();
  });

  it.each([
    "file:///etc/passwd",
    "ftp://example.com/",
    "gopher://example.com/",
    "data:text/plain,hi",
    "ws://example.com/",
  ])("refuses the scheme of %s", (url) => {
    expect(blockedReason(new URL(url))).toMatch(/scheme/);
  });

  it.each([
    "https://example.com/",
    "http://93.184.215.14/",
    "https://[2606:4700:4700::1111]/",
    "https://8.8.8.8:443/x",
  ])("allows %s", (url) => {
    expect(blockedReason(new URL(url))).toBeUndefined();
  });

  it("allowPrivate lifts the address checks but not the scheme check", () => {
    expect(blockedReason(new URL("http://127.0.0.1/"), true)).toBeUndefined();
    expect(blockedReason(new URL("file:///x"), true)).toMatch(/scheme/);
  });
});

describe("createSafeFetch", () => {
  it("fetches a public URL and returns the body", async () => {
    const net = fakeNetwork({ "https://example.com/data": () => new Response("hello", { status: 200 }) });
    const res = await createSafeFetch({ fetch: net.fetch, ...limits })("https://example.com/data");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hello");
  });

  it("refuses a private address without touching the network", async () => {
    const net = fakeNetwork({});
    const safeFetch = createSafeFetch({ fetch: net.fetch, ...limits });
    await expect(safeFetch("http://169.254.169.254/latest/meta-data/")).rejects.toBeInstanceOf(SafeFetchError);
    await expect(safeFetch("http://2130706433/")).rejects.toThrow(/loopback address 127\.0\.0\.1/);
    expect(net.seen).toHaveLength(0);
  });

  it("re-checks every redirect hop and refuses one that points inside", async () => {
    const net = fakeNetwork({
      "https://example.com/go": () =>
        new Response(null, { status: 302, headers: { location: "http://127.0.0.1:8080/admin" } }),
    });
    await expect(createSafeFetch({ fetch: net.fetch, ...limits })("https://example.com/go")).rejects.toThrow(
      /Blocked request to http:\/\/127\.0\.0\.1:8080/,
    );
    expect(net.seen.map((r) => r.url)).toEqual(["https://example.com/go"]);
  });

  it("follows public redirects manually, turning a 303 into a GET and dropping credentials across origins", async () => {
    const net = fakeNetwork({
      "https://a.example/start": () =>
        new Response(null, { status: 303, headers: { location: "https://b.example/done" } }),
      "https://b.example/done": (req) =>
        new Response(`${req.method} auth=${req.headers.get("authorization") ?? "none"}`),
    });
    const res = await createSafeFetch({ fetch: net.fetch, ...limits })("https://a.example/start", {
      method: "POST",
      body: "x=1",
      headers: { authorization: "Bearer secret" },
    });
    expect(await res.text()).toBe("GET auth=none");
    expect(net.seen[0]?.redirect).toBe("manual");
  });

  it("keeps method and body on a 307", async () => {
    const net = fakeNetwork({
      "https://a.example/start": () => new Response(null, { status: 307, headers: { location: "/next" } }),
      "https://a.example/next": async (req) => new Response(`${req.method} ${await req.text()}`),
    });
    const res = await createSafeFetch({ fetch: net.fetch, ...limits })("https://a.example/start", {
      method: "PUT",
      body: "payload",
    });
    expect(await res.text()).toBe("PUT payload");
  });

  it("stops after maxRedirects", async () => {
    const net = fakeNetwork({
      "https://a.example/loop": () => new Response(null, { status: 302, headers: { location: "/loop" } }),
    });
    await expect(createSafeFetch({ fetch: net.fetch, ...limits })("https://a.example/loop")).rejects.toThrow(
      /Too many redirects/,
    );
    expect(net.seen).toHaveLength(limits.maxRedirects + 1);
  });

  it("refuses a body larger than maxBytes, declared or streamed", async () => {
    const big = "x".repeat(limits.maxBytes + 1);
    const net = fakeNetwork({
      "https://a.example/declared": () => new Response(big, { headers: { "content-length": String(big.length) } }),
      "https://a.example/streamed": () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode("y".repeat(400)));
              controller.close();
            },
          }),
        ),
    });
    const safeFetch = createSafeFetch({ fetch: net.fetch, ...limits });
    await expect(safeFetch("https://a.example/declared")).rejects.toThrow(/larger than 1024 bytes/);
    const streamed = await safeFetch("https://a.example/streamed");
    await expect(streamed.text()).rejects.toThrow(/larger than 1024 bytes/);
  });

  it("times out a slow server with a retryable error", async () => {
    const net = fakeNetwork({
      "https://slow.example/": (req) =>
        new Promise<Response>((_resolve, reject) => {
          req.signal.addEventListener("abort", () => reject(new Error("aborted")));
        }),
    });
    const err = await createSafeFetch({ fetch: net.fetch, ...limits, timeoutMs: 50 })("https://slow.example/").catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.message).toMatch(/timed out after 50 ms/);
  });
});

describe("a connection that fails", () => {
  it("names the host and the likely cause instead of the runtime's bare words", async () => {
    const fetch = async () => {
      throw new Error("internal error; reference = 8n2k1");
    };
    await expect(createSafeFetch({ fetch, ...limits })("https://unreachable.example/x")).rejects.toThrow(
      "Could not reach https://unreachable.example (the name may not resolve or the host refused the connection): internal error; reference = 8n2k1",
    );
  });

  it("passes the caller's own abort through as it is", async () => {
    const controller = new AbortController();
    const fetch = async () => {
      controller.abort();
      throw new DOMException("aborted", "AbortError");
    };
    const request = new Request("https://example.com/x", { signal: controller.signal });
    await expect(createSafeFetch({ fetch, ...limits })(request)).rejects.toThrow("aborted");
  });
});
