// SSRF by name: in local mode every host name is resolved first, and a name that resolves to loopback,
// private, link-local or metadata addresses is refused before any connection. URLs under operator-configured base
// URLs are exempt on purpose, in the fetch for URLs built from them (test/ssrf-operator-endpoints.test.ts).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createSafeFetch, resolvedReason, resolverFromEnv, SafeFetchError } from "../blocks/runtime/safe-fetch";
import { createGraph, execute, getRun, graphJson, newUser, uid } from "./engine-helpers";

const SEND_WEB_REQUEST = "6595ae1f-b924-42cb-9a41-551a0611c4b4";
const limits = { maxBytes: 1024, timeoutMs: 2_000, maxRedirects: 3 };

/** A resolver with fixed answers, and the requests that reached the "network". */
function fixture(answers: Record<string, string[]>) {
  const seen: string[] = [];
  return {
    seen,
    resolve: async (host: string) => answers[host] ?? [],
    fetch: async (req: Request) => {
      seen.push(req.url);
      return new Response("ok");
    },
  };
}

describe("SSRF guard: host names", () => {
  it.each([
    ["loopback.example", ["127.0.0.2"], "loopback address 127.0.0.2"],
    ["intranet.example", ["93.184.216.34", "10.1.2.3"], "private address 10.1.2.3"],
    ["meta.example", ["169.254.169.254"], "linkLocal address 169.254.169.254"],
    ["v6.example", ["::1"], "reserved address ::1"],
    ["mapped.example", ["::ffff:192.168.0.1"], "private address 192.168.0.1"],
    ["ula.example", ["fd00::1"], "uniqueLocal address fd00::1"],
  ])("refuses %s (resolves to %s) without connecting", async (host, addresses, why) => {
    const net = fixture({ [host]: addresses });
    const err = await createSafeFetch({ ...net, ...limits })(`http://${host}/x`).catch((e) => e);
    expect(err).toBeInstanceOf(SafeFetchError);
    expect(String(err.message)).toContain(`host ${host} resolves to a ${why} is not allowed`);
    expect(net.seen).toEqual([]);
  });

  it("allows a name of public addresses, and checks each redirect hop's name", async () => {
    const net = fixture({ "public.example": ["93.184.216.34"], "inside.example": ["192.168.1.1"] });
    const redirecting = async (req: Request) => {
      net.seen.push(req.url);
      return req.url.endsWith("/go")
        ? new Response(null, { status: 302, headers: { location: "http://inside.example/" } })
        : new Response("ok");
    };
    const safeFetch = createSafeFetch({ ...net, fetch: redirecting, ...limits });
    expect(await (await safeFetch("http://public.example/data")).text()).toBe("ok");
    await expect(safeFetch("http://public.example/go")).rejects.toThrow(/inside\.example resolves to a private/);
    expect(net.seen).toEqual(["http://public.example/data", "http://public.example/go"]);
  });

  it("exempts exactly the URLs under the operator's base URLs", async () => {
    const net = fixture({ "llm.internal": ["10.0.0.9"] });
    const safeFetch = createSafeFetch({ ...net, ...limits, trustedBases: ["http://llm.internal:8080/v1"] });
    expect((await safeFetch("http://llm.internal:8080/v1/chat")).status).toBe(200);
    expect((await safeFetch("http://llm.internal:8080/v1")).status).toBe(200);
    expect((await safeFetch("http://127.0.0.1:8080/v1").catch((e) => e)) instanceof SafeFetchError).toBe(true);
    await expect(safeFetch("http://llm.internal:9090/v1/chat")).rejects.toThrow(/resolves to a private address/);
    // The same origin outside the base's path, by name, by `..` or by an encoded separator, is guarded.
    for (const outside of ["/api/delete", "/v1x", "/v1/../api/pull", "/v1/%2e%2e/api/pull", "/v1/..%2Fapi%2Fpull"]) {
      await expect(safeFetch(`http://llm.internal:8080${outside}`)).rejects.toThrow(/resolves to a private address/);
    }
    expect(net.seen).toEqual(["http://llm.internal:8080/v1/chat", "http://llm.internal:8080/v1"]);
  });

  it("the local resolver answers for real names", async () => {
    const resolve = resolverFromEnv(env);
    expect(resolve).toBeDefined();
    expect(await resolve?.("localhost")).toContain("127.0.0.1");
    expect(await resolvedReason(new URL(`http://${env.TEST_LOOPBACK_NAME}/`), resolve as never)).toMatch(
      /resolves to a loopback address 127\./,
    );
  });

  it("a SendWebRequest node aimed at a name of this machine fails with the guard's error", async () => {
    const { token } = await newUser();
    const node = uid("req");
    const graph = await createGraph(
      token,
      graphJson(
        "probe",
        [
          {
            id: node,
            block_id: SEND_WEB_REQUEST,
            input_default: { url: `http://${env.TEST_LOOPBACK_NAME}:8787/health`, method: "GET" },
          },
        ],
        [],
      ),
    );
    const res = await execute(token, graph.id, {}, 20);
    const run = await getRun(token, ((await res.json()) as { id: string }).id);
    const exec = run.node_executions.find((e) => e.node_id === node);
    expect(exec?.status).toBe("FAILED");
    expect(exec?.error).toMatch(
      /Blocked request to http:\/\/[^:]+:8787: (host \S+ resolves to a loopback address|host localhost is not allowed)/,
    );
  });
});
