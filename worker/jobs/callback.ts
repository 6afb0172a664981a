// Completion callbacks: a final run's summary POSTed to the URL set on its schedule or graph, signed like our
// webhook deliveries (`X-Agentflare-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`) with the
// owner's callback signing secret as it is when sent (callback-secret.ts: a rotation covers queued callbacks too).
// Sent from the queue consumer: a failing receiver is retried with backoff, then dead-lettered. The address is
// checked by the same SSRF guard as SendWebRequest, on every redirect.
import { hostAllowed } from "../../blocks/runtime/allow-hosts";
import { blockedReason, createSafeFetch, resolverFromEnv, SafeFetchError } from "../../blocks/runtime/safe-fetch";
import { outboundTrust } from "../../durable-objects/operator-endpoints";
import type { RunCallback } from "../../durable-objects/run-callback-job";
import { log } from "../log";
import { callbackSecret } from "./callback-secret";
import { hmacHex } from "./hmac";

/**
 * Why a callback address is refused when it is set, or undefined: the SSRF guard's address checks, except for the
 * private hosts the operator allows (OUTBOUND_ALLOW_HOSTS). Model endpoints the operator configured are not
 * exempt: a callback is a user's address.
 */
export function callbackUrlRefusal(env: Env, url: URL): string | undefined {
  return hostAllowed(url, outboundTrust(env).trustedHosts) ? blockedReason(url, true) : blockedReason(url);
}

export async function signatureHeader(secret: string, body: string, nowMs = Date.now()): Promise<string> {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
}

/** Throws when the receiver did not take it (a retry follows); a refused address is logged and dropped. */
export async function deliverCallback(env: Env, job: RunCallback): Promise<void> {
  const body = JSON.stringify(job.body);
  // Local mode's name resolver being down is not a refusal of the address: the queue retries (it is not dropped).
  const resolver = resolverFromEnv(env);
  let resolverFailed = false;
  const safeFetch = createSafeFetch({
    fetch: (request) => fetch(request),
    trustedHosts: outboundTrust(env).trustedHosts,
    resolve:
      resolver &&
      (async (host) => {
        try {
          return await resolver(host);
        } catch (err) {
          resolverFailed = true;
          throw err;
        }
      }),
    maxBytes: 64 * 1024,
    timeoutMs: 10_000,
    maxRedirects: 3,
  });
  let res: Response;
  try {
    res = await safeFetch(job.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Agentflare-Callback/1",
        "x-agentflare-execution-id": job.execution_id,
        "x-agentflare-signature": await signatureHeader(await callbackSecret(env, job.owner_id), body),
      },
      body,
    });
  } catch (err) {
    if (err instanceof SafeFetchError && resolverFailed)
      throw new Error(`callback address not checked yet: ${err.message}`);
    if (err instanceof SafeFetchError) {
      log(env, "warn", "callback refused", { execution_id: job.execution_id, error: err.message });
      return;
    }
    throw err;
  }
  await res.body?.cancel();
  if (!res.ok) throw new Error(`callback receiver answered ${res.status}`);
}
