// The SmartDecisionMaker agent both per-call benchmarks time per tool-call turn, defined once so they time the same.

/**
 * Creates the "three turns" agent: a SmartDecisionMaker in agent mode (at most 5 iterations) with a calculator as its
 * tool, prompted `[[agent]] 6*7` for the fake model server. Returns { graphId, nodeId } (nodeId: the SmartDecisionMaker).
 */
export async function createThreeTurnAgent(api, credentials) {
  const sdm = crypto.randomUUID();
  const calc = crypto.randomUUID();
  const agent = await api.createAgent({
    name: "three turns",
    nodes: [
      {
        id: sdm,
        block_id: "3b191d9f-356f-482d-8238-ba04b6d18381",
        input_default: { prompt: "[[agent]] 6*7", model: "gpt-4o", credentials, agent_mode_max_iterations: 5 },
        metadata: {},
      },
      { id: calc, block_id: "b1ab9b19-67a6-406d-abf5-2dba76d00c79", input_default: {}, metadata: {} },
    ],
    links: ["a", "b", "operation"].map((f) => ({
      source_id: sdm,
      source_name: `tools_^_${calc}_~_${f}`,
      sink_id: calc,
      sink_name: f,
      is_static: false,
    })),
  });
  return { graphId: agent.id, nodeId: sdm };
}
