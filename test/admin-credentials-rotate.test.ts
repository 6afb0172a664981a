// Key rotation on a deployed Worker (`POST /api/v1/admin/credentials/rotate`, admins only): with the new key as
// CREDENTIALS_KEY and the old one as CREDENTIALS_KEY_PREVIOUS, calls of at most `limit` rows, each going on
// from the previous `next_cursor`, leave every credential and webhook secret under the new key; afterwards the
// Worker needs the new key alone (a credential still reaches its provider, a signed webhook delivery still
// starts a run). A secret under a key in neither variable is reported and left alone, and the pass still ends.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { keyring, type SealedSecret } from "../durable-objects/vault-cipher";
import { adminAllowList } from "../worker/auth/admin";
import { rotateCredentials } from "../worker/credentials/rotate";
import { hmacHex } from "../worker/jobs/hmac";
import { BLOCK, createGraph, graphJson, uid } from "./engine-helpers";
import { api, signUp, TEST_PASSWORD, type TestUser } from "./helpers/auth";
import { addKey } from "./helpers/credentials";

const TRIGGER = "8fa8c167-2002-47ce-aba8-97572fc5d387";
const OLD = env.CREDENTIALS_KEY as string;
const NEW = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 90 + i)));
/** A key the Worker is never given again once it sealed something. */
const LOST = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 10 + i)));
const vars = env as { CREDENTIALS_KEY?: string; CREDENTIALS_KEY_PREVIOUS?: string };

type PerKind<T> = { credentials: T; webhook_secrets: T };
type Rotation = {
  reencrypted: PerKind<number>;
  failed: PerKind<{ id: string; error: string }[]>;
  remaining: PerKind<number>;
  next_cursor: string | null;
};

async function adminSession(): Promise<TestUser> {
  const [email] = [...adminAllowList(env).emails];
  const signup = await api("/auth/signup", { json: { email, password: TEST_PASSWORD } });
  const res = signup.status === 409 ? await api("/auth/login", { json: { email, password: TEST_PASSWORD } }) : signup;
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as TestUser;
}

const rotate = (token: string, json: unknown) => api("/admin/credentials/rotate", { token, json });

/** A user's webhook (a graph with the trigger node) and its secret. */
async function webhook(token: string) {
  const trigger = uid("hook");
  const graph = await createGraph(
    token,
    graphJson(
      "rotating remotely",
      [
        { id: trigger, block_id: TRIGGER, input_default: {} },
        { id: uid("out"), block_id: BLOCK.output, input_default: { name: "body" } },
      ],
      [],
    ),
  );
  const list = (await (await api(`/webhooks?graph_id=${graph.id}`, { token })).json()) as { items: { id: string }[] };
  const id = list.items[0]?.id as string;
  const made = await api(`/webhooks/${id}/secret`, { token, method: "POST" });
  return { id, secret: ((await made.json()) as { secret: string }).secret };
}

async function keyIds() {
  const creds = await env.DB.prepare("SELECT id, key_id FROM credentials").all<{ id: string; key_id: string }>();
  const hooks = await env.DB.prepare(
    "SELECT id, secret_ciphertext FROM webhooks WHERE secret_ciphertext IS NOT NULL",
  ).all<{ id: string; secret_ciphertext: string }>();
  return new Map([
    ...creds.results.map((r) => [r.id, r.key_id] as const),
    ...hooks.results.map((r) => [r.id, (JSON.parse(r.secret_ciphertext) as SealedSecret).keyId] as const),
  ]);
}

async function deliver(hookId: string, secret: string) {
  const body = '{"n":1}';
  const t = Math.floor(Date.now() / 1000);
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(
    new Request(`http://local.test/api/v1/webhooks/${hookId}/ingress`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Agentflare-Signature": `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`,
      },
      body,
    }),
  );
}

afterEach(async () => {
  // Back to the configured key for the rest of the file (the lost key's rows go back too).
  vars.CREDENTIALS_KEY = OLD;
  delete vars.CREDENTIALS_KEY_PREVIOUS;
  await rotateCredentials(env.DB, await keyring(OLD, `${NEW},${LOST}`));
});

describe("POST /api/v1/admin/credentials/rotate", () => {
  it("re-encrypts everything in bounded calls; the Worker then needs the new key alone", async () => {
    const admin = await adminSession();
    const { token } = await signUp();
    const creds = [await addKey(token, "openai", "sk-rotate-remote-1"), await addKey(token, "openai", "sk-remote-2")];
    const hook = await webhook(token);
    vars.CREDENTIALS_KEY = LOST;
    const orphan = await addKey(token, "openai", "sk-rotate-orphan");
    const before = await keyIds();
    const [oldId, newId, lostId] = [
      (await keyring(OLD)).current.id,
      (await keyring(NEW)).current.id,
      (await keyring(LOST)).current.id,
    ];
    expect([...creds.map((c) => before.get(c.id)), before.get(hook.id)]).toEqual([oldId, oldId, oldId]);
    expect(before.get(orphan.id)).toBe(lostId);

    vars.CREDENTIALS_KEY = NEW;
    vars.CREDENTIALS_KEY_PREVIOUS = OLD;
    // Not an admin (session or key): 403, nothing touched.
    const refused = await rotate(token, {});
    expect(refused.status).toBe(403);
    expect(await keyIds()).toEqual(before);

    const calls: Rotation[] = [];
    let cursor: string | undefined;
    do {
      const res = await rotate(admin.token, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status, await res.clone().text()).toBe(200);
      const text = await res.text();
      for (const secret of ["sk-rotate-remote-1", "sk-remote-2", "sk-rotate-orphan", hook.secret, OLD, NEW, LOST]) {
        expect(text).not.toContain(secret);
      }
      const answer = JSON.parse(text) as Rotation;
      calls.push(answer);
      const done = answer.reencrypted.credentials + answer.reencrypted.webhook_secrets;
      expect(done + answer.failed.credentials.length + answer.failed.webhook_secrets.length).toBeLessThanOrEqual(2);
      cursor = answer.next_cursor ?? undefined;
      expect(calls.length).toBeLessThan(1000);
    } while (cursor);
    const last = calls.at(-1) as Rotation;
    expect(last.remaining).toEqual({ credentials: 0, webhook_secrets: 0 });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const failed = calls.flatMap((c) => c.failed.credentials);
    expect(failed.map((f) => f.id)).toEqual([orphan.id]);
    expect(failed[0]?.error).toMatch(/neither CREDENTIALS_KEY nor in CREDENTIALS_KEY_PREVIOUS/);
    expect(calls.flatMap((c) => c.failed.webhook_secrets)).toEqual([]);
    const total = calls.reduce((n, c) => n + c.reencrypted.credentials + c.reencrypted.webhook_secrets, 0);
    expect(total).toBeGreaterThanOrEqual(3);

    // Every row is under the new key but the one whose key is lost, which is as it was.
    const after = await keyIds();
    for (const [id, keyId] of after) expect(keyId, id).toBe(id === orphan.id ? lostId : newId);
    // Another pass finds nothing to do but the lost one.
    const again = (await (await rotate(admin.token, {})).json()) as Rotation;
    expect(again.reencrypted).toEqual({ credentials: 0, webhook_secrets: 0 });
    expect(again.failed.credentials.map((f) => f.id)).toEqual([orphan.id]);

    // The old key dropped: the credentials still decrypt and reach their provider; signed deliveries still work.
    delete vars.CREDENTIALS_KEY_PREVIOUS;
    for (const cred of creds) {
      const tested = await api(`/credentials/${cred.id}/test`, { token, method: "POST" });
      expect(await tested.json()).toMatchObject({ ok: true, provider: "openai" });
    }
    const delivered = await deliver(hook.id, hook.secret);
    expect(delivered.status, await delivered.clone().text()).toBe(202);
  });

  it("answers 400 to a cursor it did not make and 503 without a usable key", async () => {
    const admin = await adminSession();
    const bad = await rotate(admin.token, { cursor: "not-a-cursor" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe("cursor");
    expect((await rotate(admin.token, { limit: 0 })).status).toBe(400);
    vars.CREDENTIALS_KEY_PREVIOUS = "not base64 of 32 bytes";
    const unusable = await rotate(admin.token, {});
    expect(unusable.status).toBe(503);
    expect(await unusable.text()).not.toContain("not base64 of 32 bytes");
  });
});
