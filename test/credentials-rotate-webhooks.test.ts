// Key rotation covers webhook secrets: after `rotateCredentials` with the new key current and the old one
// previous, a webhook's sealed secret is under the new key, signed deliveries work with the new key alone, and
// the Bearer form (its SHA-256) is untouched.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { keyring, open, type SealedSecret } from "../durable-objects/vault-cipher";
import { rotateCredentials } from "../worker/credentials/rotate";
import { hmacHex } from "../worker/jobs/hmac";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";

const TRIGGER = "8fa8c167-2002-47ce-aba8-97572fc5d387";
const OLD = env.CREDENTIALS_KEY as string;
const NEW = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 150 + i)));
const vars = env as { CREDENTIALS_KEY?: string; CREDENTIALS_KEY_PREVIOUS?: string };

type HookRow = { owner_id: string; secret_hash: string; secret_ciphertext: string };
const hookRow = (id: string) =>
  env.DB.prepare("SELECT owner_id, secret_hash, secret_ciphertext FROM webhooks WHERE id = ?")
    .bind(id)
    .first<HookRow>();

async function deliver(hookId: string, headers: Record<string, string>, body = '{"n":1}') {
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(
    new Request(`http://local.test/api/v1/webhooks/${hookId}/ingress`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body,
    }),
  );
}
const signature = async (secret: string, body = '{"n":1}') => {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`;
};

afterEach(async () => {
  // Back to the configured key, so every other webhook and credential reads as before.
  vars.CREDENTIALS_KEY = OLD;
  delete vars.CREDENTIALS_KEY_PREVIOUS;
  await rotateCredentials(env.DB, await keyring(OLD, NEW));
});

describe("key rotation and webhook secrets", () => {
  it("re-encrypts webhook secrets under the new key; signed deliveries then need only the new key", async () => {
    const { token } = await signUp();
    const trigger = uid("hook");
    const out = uid("out");
    const graph = await createGraph(
      token,
      graphJson(
        "rotating hook",
        [
          { id: trigger, block_id: TRIGGER, input_default: {} },
          { id: out, block_id: BLOCK.output, input_default: { name: "body" } },
        ],
        [[trigger, "payload", out, "value"]],
      ),
    );
    const hooks = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as {
      items: { id: string }[];
    };
    const hookId = hooks.items[0]?.id as string;
    const { secret } = (await (await api(`/webhooks/${hookId}/secret`, { token, method: "POST" })).json()) as {
      secret: string;
    };
    const before = (await hookRow(hookId)) as HookRow;
    const oldRing = await keyring(OLD);
    expect((JSON.parse(before.secret_ciphertext) as SealedSecret).keyId).toBe(oldRing.current.id);

    const report = await rotateCredentials(env.DB, await keyring(NEW, OLD), 2);
    expect(report.webhook_secrets.failed).toEqual([]);
    expect(report.webhook_secrets.remaining).toBe(0);
    expect(report.webhook_secrets.rotated).toBeGreaterThanOrEqual(1);
    expect(report.remaining).toBe(0);

    const after = (await hookRow(hookId)) as HookRow;
    const sealed = JSON.parse(after.secret_ciphertext) as SealedSecret;
    const onlyNew = await keyring(NEW);
    expect(sealed.keyId).toBe(onlyNew.current.id);
    expect(await open(onlyNew, `webhook:${hookId}`, after.owner_id, sealed)).toBe(secret);
    expect(after.secret_hash).toBe(before.secret_hash);
    // A second run finds nothing left to do.
    expect((await rotateCredentials(env.DB, await keyring(NEW, OLD))).webhook_secrets.rotated).toBe(0);

    // The Worker with the new key alone (the old one dropped): signatures and the Bearer form both still work.
    vars.CREDENTIALS_KEY = NEW;
    delete vars.CREDENTIALS_KEY_PREVIOUS;
    const signed = await deliver(hookId, { "X-Agentflare-Signature": await signature(secret) });
    expect(signed.status, await signed.clone().text()).toBe(202);
    expect((await deliver(hookId, { Authorization: `Bearer ${secret}` })).status).toBe(202);
    // A new secret made under the new key is not touched by another rotation.
    const { secret: newer } = (await (await api(`/webhooks/${hookId}/secret`, { token, method: "POST" })).json()) as {
      secret: string;
    };
    const made = (await hookRow(hookId)) as HookRow;
    expect((await rotateCredentials(env.DB, await keyring(NEW, OLD))).webhook_secrets.rotated).toBe(0);
    expect(await hookRow(hookId)).toEqual(made);
    expect((await deliver(hookId, { "X-Agentflare-Signature": await signature(newer) })).status).toBe(202);
  });

  it("reports a webhook secret whose key is in neither key instead of losing it", async () => {
    const { token } = await signUp();
    const trigger = uid("hook");
    const graph = await createGraph(
      token,
      graphJson("orphan hook", [{ id: trigger, block_id: TRIGGER, input_default: {} }], []),
    );
    const hooks = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as {
      items: { id: string }[];
    };
    const hookId = hooks.items[0]?.id as string;
    // A webhook has a secret once its owner makes one.
    expect((await api(`/webhooks/${hookId}/secret`, { token, method: "POST" })).status).toBe(200);
    const before = await hookRow(hookId);
    const report = await rotateCredentials(env.DB, await keyring(NEW));
    expect(report.webhook_secrets.failed.map((f) => f.id)).toContain(hookId);
    expect(report.webhook_secrets.remaining).toBeGreaterThanOrEqual(1);
    expect(await hookRow(hookId)).toEqual(before);
  });
});
