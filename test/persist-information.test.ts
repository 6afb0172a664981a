// PersistInformationBlock / RetrieveInformationBlock against real D1 in real runs: a value persisted by one
// run is read by a later run of the same user, and never by another user's.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createGraph, graphJson, newUser, runToEnd, uid } from "./engine-helpers";

const PERSIST = "1d055e55-a2b9-4547-8311-907d05b0304d";
const RETRIEVE = "d8710fc9-6e29-481e-a7d5-165eb16f8471";
const OUTPUT = "363ae599-353e-4804-937e-b2ee3cef3da4";

async function persist(token: string, key: string, value: unknown, scope: string) {
  const [node, out] = [uid("persist"), uid("out")];
  const graph = await createGraph(
    token,
    graphJson(
      "persist",
      [
        { id: node, block_id: PERSIST, input_default: { key, value, scope } },
        { id: out, block_id: OUTPUT, input_default: { name: "stored" } },
      ],
      [[node, "value", out, "value"]],
    ),
  );
  return runToEnd(token, graph.id);
}

async function retrieve(token: string, key: string, scope: string) {
  const [node, out] = [uid("retrieve"), uid("out")];
  const graph = await createGraph(
    token,
    graphJson(
      "retrieve",
      [
        { id: node, block_id: RETRIEVE, input_default: { key, scope, default_value: "none" } },
        { id: out, block_id: OUTPUT, input_default: { name: "found" } },
      ],
      [[node, "value", out, "value"]],
    ),
  );
  return runToEnd(token, graph.id);
}

describe("PersistInformation / RetrieveInformation on D1", () => {
  it("persists across runs of one user and hides the value from another user", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const stored = await persist(alice.token, "theme", { mode: "dark" }, "across_agents");
    expect(stored.status).toBe("COMPLETED");
    expect(stored.outputs).toEqual({ stored: [{ mode: "dark" }] });

    expect((await retrieve(alice.token, "theme", "across_agents")).outputs).toEqual({ found: [{ mode: "dark" }] });
    expect((await retrieve(bob.token, "theme", "across_agents")).outputs).toEqual({ found: ["none"] });

    // Overwriting updates the value and its timestamp.
    const row1 = await env.DB.prepare("SELECT updated_at FROM key_values WHERE owner_id = ? AND key = 'theme'")
      .bind(alice.userId)
      .first<{ updated_at: string }>();
    await persist(alice.token, "theme", "light", "across_agents");
    expect((await retrieve(alice.token, "theme", "across_agents")).outputs).toEqual({ found: ["light"] });
    const row2 = await env.DB.prepare("SELECT updated_at FROM key_values WHERE owner_id = ? AND key = 'theme'")
      .bind(alice.userId)
      .first<{ updated_at: string }>();
    expect(row2?.updated_at && row1?.updated_at && row2.updated_at >= row1.updated_at).toBe(true);
  });

  it("within_agent values belong to the agent that stored them", async () => {
    const { token } = await newUser();
    expect((await persist(token, "count", 3, "within_agent")).outputs).toEqual({ stored: [3] });
    // A different agent of the same user does not see it.
    expect((await retrieve(token, "count", "within_agent")).outputs).toEqual({ found: ["none"] });
  });
});
