// The public HTTP API as a benchmark user sees it: sign up, API key, create agents, execute, read runs.
import { randomUUID } from "node:crypto";

export class Unavailable extends Error {}

export function apiClient(base) {
  let headers = { "content-type": "application/json" };
  const call = async (method, path, json) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };
  return {
    call,
    /** Signs up a fresh user; prefers an API key with all scopes (what API users send), else the session token. */
    async signIn() {
      const email = `bench-${randomUUID()}@agentflare.local`;
      const password = `bench-${randomUUID()}`;
      const auth = await call("POST", "/auth/signup", { email, password });
      if (auth.status !== 200 && auth.status !== 201) throw new Unavailable(`signup answered ${auth.status}`);
      const token = auth.body?.token;
      if (!token) throw new Unavailable("signup returned no token");
      headers = { ...headers, authorization: `Bearer ${token}` };
      const key = await call("POST", "/api-keys", { name: "bench", scopes: ["read", "write", "execute"] });
      if ((key.status === 200 || key.status === 201) && key.body?.key) {
        headers = { "content-type": "application/json", "x-api-key": key.body.key };
        return { email, password, token, authHeader: `x-api-key: ${key.body.key}`, via: "api key" };
      }
      return {
        email,
        password,
        token,
        authHeader: `authorization: Bearer ${token}`,
        via: `session token (api-keys answered ${key.status})`,
      };
    },
    async createAgent(agent) {
      const r = await call("POST", "/graphs", agent);
      if (r.status !== 201 && r.status !== 200) {
        throw new Unavailable(`POST /graphs answered ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
      return r.body;
    },
    /** POST /graphs/:id/execute?wait=s: 200 with the finished run, or 202 {execution_id}. */
    execute(graphId, body, waitS) {
      return call("POST", `/graphs/${graphId}/execute${waitS === undefined ? "" : `?wait=${waitS}`}`, body);
    },
    getExecution(id) {
      return call("GET", `/executions/${id}`);
    },
  };
}

/**
 * POST /graphs/:id/execute as the signed-in person (session token, not the API key): a person's run, whose AI nodes
 * stream their text. { status, body }: the finished run with waitS, else {execution_id}.
 */
export async function executeAsPerson(base, token, graphId, waitS) {
  const res = await fetch(`${base}/api/v1/graphs/${graphId}/execute${waitS === undefined ? "" : `?wait=${waitS}`}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ inputs: {} }),
  });
  return { status: res.status, body: await res.json() };
}

/** Asks once with ?wait and checks the answer, so a missing feature is reported as n/a before any load. */
export async function probeExecute(api, graphId, shape) {
  const r = await api.execute(graphId, shape.body, 30);
  if (r.status === 404 || r.status === 405) throw new Unavailable(`execute answered ${r.status}`);
  if (r.status === 202)
    throw new Unavailable("execute?wait answered 202 (synchronous execute not landed or run too slow)");
  if (r.status !== 200) throw new Unavailable(`execute answered ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  const text = JSON.stringify(r.body);
  if (!text.includes(shape.expect)) {
    throw new Unavailable(`execute answered 200 without ${shape.expect}: ${text.slice(0, 300)}`);
  }
  return r.body;
}

/** Run wall time inside the engine, in ms, from the finished run's stats (field names as the engine spells them). */
export function runDurationMs(run) {
  const s = run?.stats ?? {};
  const candidates = [
    ["duration_ms", 1],
    ["walltime_ms", 1],
    ["duration", 1000],
    ["walltime", 1000],
  ];
  for (const [k, scale] of candidates) if (typeof s[k] === "number") return { ms: s[k] * scale, field: `stats.${k}` };
  const start = Date.parse(run?.started_at ?? "");
  const end = Date.parse(run?.ended_at ?? "");
  if (Number.isFinite(start) && Number.isFinite(end)) return { ms: end - start, field: "ended_at - started_at" };
  return null;
}
