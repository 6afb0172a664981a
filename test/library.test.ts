// Presets (saved inputs and credentials) run through the one start path, from the API and from a schedule;
// shared run links show inputs, outputs and the timeline without secrets, and nothing after revoke.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fireSchedule } from "../worker/schedules/fire";
import { BLOCK, createGraph, getRun, graphJson, type RunBody, uid } from "./engine-helpers";
import { api, signUp } from "./helpers/auth";
import { echoAgent, indexed } from "./helpers/store";

type Preset = { id: string; graph_id: string; inputs: Record<string, unknown>; name: string };

async function newPreset(token: string, body: Record<string, unknown>): Promise<Preset> {
  const res = await api("/library/presets", { token, json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Preset;
}

describe("presets", () => {
  it("CRUD, execute with overrides, owner-scoped", async () => {
    const { token } = await signUp();
    const other = await signUp();
    const graph = await echoAgent(token, "Preset echo");
    const preset = await newPreset(token, {
      graph_id: graph.id,
      name: "Greeting",
      inputs: { text: "hello from preset", api_key: "k" },
    });
    expect(preset).toMatchObject({ graph_id: graph.id, name: "Greeting", inputs: { text: "hello from preset" } });

    const ran = await api(`/library/presets/${preset.id}/execute?wait=30`, { token, json: {} });
    expect(ran.status, await ran.clone().text()).toBe(200);
    expect(((await ran.json()) as RunBody).outputs.echo).toEqual(["hello from preset"]);
    const override = await api(`/library/presets/${preset.id}/execute?wait=30`, {
      token,
      json: { inputs: { text: "overridden" } },
    });
    expect(((await override.json()) as RunBody).outputs.echo).toEqual(["overridden"]);

    const patched = await api(`/library/presets/${preset.id}`, {
      token,
      method: "PATCH",
      json: { name: "Renamed", inputs: { text: "changed", api_key: "k" } },
    });
    expect(await patched.json()).toMatchObject({ name: "Renamed", inputs: { text: "changed" } });
    const listed = (await (await api(`/library/presets?graph_id=${graph.id}`, { token })).json()) as {
      items: Preset[];
    };
    expect(listed.items.map((p) => p.id)).toEqual([preset.id]);

    // Another user sees, changes, runs and deletes nothing; nor can they save a preset for this graph.
    expect((await api(`/library/presets/${preset.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/library/presets/${preset.id}/execute`, { token: other.token, json: {} })).status).toBe(404);
    expect((await api(`/library/presets/${preset.id}`, { token: other.token, method: "DELETE" })).status).toBe(404);
    const foreign = await api("/library/presets", { token: other.token, json: { graph_id: graph.id, name: "x" } });
    expect(foreign.status).toBe(404);
    expect(((await (await api("/library/presets", { token: other.token })).json()) as { items: [] }).items).toEqual([]);

    // Bad inputs are refused by the start path with field paths.
    await api(`/library/presets/${preset.id}`, { token, method: "PATCH", json: { inputs: {} } });
    const missing = await api(`/library/presets/${preset.id}/execute`, { token, json: {} });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain("inputs.text");

    expect((await api(`/library/presets/${preset.id}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await api(`/library/presets/${preset.id}`, { token })).status).toBe(404);
  });

  it("a schedule naming a preset runs with the preset's inputs", async () => {
    const { token } = await signUp();
    const graph = await echoAgent(token, "Scheduled preset");
    const preset = await newPreset(token, {
      graph_id: graph.id,
      name: "Nightly",
      inputs: { text: "from preset", api_key: "k" },
    });
    const res = await api(`/graphs/${graph.id}/schedules`, {
      token,
      json: { name: "nightly", cron: "0 3 * * *", preset_id: preset.id },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const schedule = (await res.json()) as { id: string; preset_id: string };
    expect(schedule.preset_id).toBe(preset.id);
    const outcome = await fireSchedule(env, {
      kind: "schedule.fire",
      schedule_id: schedule.id,
      fire_time: new Date().toISOString(),
    });
    expect(outcome).toBe("started");
    const row = await env.DB.prepare("SELECT last_run_id FROM schedules WHERE id = ?")
      .bind(schedule.id)
      .first<{ last_run_id: string }>();
    const deadline = Date.now() + 10_000;
    let run = await getRun(token, row?.last_run_id ?? "");
    while (run.status !== "COMPLETED" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      run = await getRun(token, row?.last_run_id ?? "");
    }
    expect(run.outputs.echo).toEqual(["from preset"]);
    // Someone else's preset cannot be named.
    const other = await signUp();
    const theirs = await echoAgent(other.token, "Theirs");
    const stolen = await api(`/graphs/${theirs.id}/schedules`, {
      token: other.token,
      json: { name: "x", cron: "0 3 * * *", preset_id: preset.id, inputs: { text: "t" } },
    });
    expect(stolen.status).toBe(404);
  });
});

describe("shared runs", () => {
  it("shows inputs, outputs and timeline without secrets; nothing after revoke or re-share", async () => {
    const { token } = await signUp();
    const other = await signUp();
    const graph = await echoAgent(token, "Shared echo");
    const res = await api(`/graphs/${graph.id}/execute?wait=30`, {
      token,
      json: { inputs: { text: "visible", api_key: "my-own-secret-key" } },
    });
    const run = (await res.json()) as RunBody;
    expect(run.status).toBe("COMPLETED");
    await indexed(run.id);

    expect((await api(`/executions/${run.id}/share`, { token: other.token, method: "POST" })).status).toBe(404);
    const shared = await api(`/executions/${run.id}/share`, { token, method: "POST" });
    expect(shared.status).toBe(201);
    const { token: link } = (await shared.json()) as { token: string };

    const view = await api(`/public/shared/${link}`);
    expect(view.status).toBe(200);
    const text = await view.clone().text();
    expect(text).not.toContain("my-own-secret-key");
    const body = (await view.json()) as {
      status: string;
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown[]>;
      timeline: { status: string }[];
    };
    expect(body.status).toBe("COMPLETED");
    expect(body.inputs.text).toBe("visible");
    expect(body.outputs.echo).toEqual(["visible"]);
    expect(body.timeline.length).toBeGreaterThan(0);
    expect(body.timeline.every((n) => n.status === "COMPLETED")).toBe(true);

    // Sharing again replaces the link; revoking ends it.
    const again = (await (await api(`/executions/${run.id}/share`, { token, method: "POST" })).json()) as {
      token: string;
    };
    expect((await api(`/public/shared/${link}`)).status).toBe(404);
    expect((await api(`/public/shared/${again.token}`)).status).toBe(200);
    expect((await api(`/executions/${run.id}/share`, { token: other.token, method: "DELETE" })).status).toBe(404);
    expect((await api(`/executions/${run.id}/share`, { token, method: "DELETE" })).status).toBe(204);
    const gone = await api(`/public/shared/${again.token}`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain("visible");
    expect((await api("/public/shared/not-a-real-token-at-all-xx")).status).toBe(404);
  });
});

describe("sharing a run that has just ended", () => {
  it("works before the run's index row lands; another user's share is still 404", async () => {
    const { token } = await signUp();
    const other = await signUp();
    const graph = await echoAgent(token, "Shared at once");
    const res = await api(`/graphs/${graph.id}/execute?wait=30`, { token, json: { inputs: { text: "now" } } });
    const run = (await res.json()) as RunBody;
    expect(run.status).toBe("COMPLETED");
    // Straight away, as a client that shares what it just ran would (the index row follows the run by a moment).
    const [theirs, mine] = await Promise.all([
      api(`/executions/${run.id}/share`, { token: other.token, method: "POST" }),
      api(`/executions/${run.id}/share`, { token, method: "POST" }),
    ]);
    expect(theirs.status).toBe(404);
    expect(mine.status).toBe(201);
    const { token: link } = (await mine.json()) as { token: string };
    expect((await api(`/public/shared/${link}`)).status).toBe(200);
  });
});

describe("shared runs: nested secrets", () => {
  // An input may be an object (a config, a headers map): a secret-named field inside it is as secret as a
  // top-level one, and the public link must not show it.
  it("redacts secret-named fields at any depth of an input", async () => {
    const { token } = await signUp();
    const [text, config, out] = [uid("in"), uid("config"), uid("out")];
    const graph = await createGraph(
      token,
      graphJson(
        "Nested",
        [
          { id: text, block_id: BLOCK.input, input_default: { name: "text" } },
          { id: config, block_id: BLOCK.input, input_default: { name: "config" } },
          { id: out, block_id: BLOCK.output, input_default: { name: "echo" } },
        ],
        [[text, "result", out, "value"]],
      ),
    );
    const nestedSecret = `sk-nested-${crypto.randomUUID()}`;
    const configValue = {
      service: "crm",
      headers: {
        accept: "json",
        api_key: nestedSecret,
        Authorization: `Bearer ${nestedSecret}`,
        "X-API-Key": nestedSecret,
        Cookie: `session=${nestedSecret}`,
      },
      list: [{ token: nestedSecret }],
    };
    const res = await api(`/graphs/${graph.id}/execute?wait=30`, {
      token,
      json: { inputs: { text: "visible", config: configValue } },
    });
    const run = (await res.json()) as RunBody;
    expect(run.status).toBe("COMPLETED");
    await indexed(run.id);
    const { token: link } = (await (await api(`/executions/${run.id}/share`, { token, method: "POST" })).json()) as {
      token: string;
    };
    const view = await api(`/public/shared/${link}`);
    expect(view.status).toBe(200);
    expect(await view.clone().text()).not.toContain(nestedSecret);
    const body = (await view.json()) as { inputs: Record<string, unknown> };
    expect(body.inputs.text).toBe("visible");
    expect(body.inputs.config).toEqual({
      service: "crm",
      headers: {
        accept: "json",
        api_key: "[redacted]",
        Authorization: "[redacted]",
        "X-API-Key": "[redacted]",
        Cookie: "[redacted]",
      },
      list: [{ token: "[redacted]" }],
    });
  });
});
