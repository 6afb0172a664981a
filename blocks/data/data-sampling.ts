import { z } from "zod";
import { defineBlock, type Json } from "../contract";

const SamplingMethod = z.enum([
  "random",
  "systematic",
  "top",
  "bottom",
  "stratified",
  "weighted",
  "reservoir",
  "cluster",
]);

type Random = { next(): number; int(maxExclusive: number): number };

/** mulberry32: a small seeded PRNG so a `random_seed` gives repeatable samples (not Python's sequence). */
function seededRandom(seed: number | null): Random {
  let state = seed === null ? (crypto.getRandomValues(new Uint32Array(1))[0] ?? 1) : seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (max) => Math.floor(next() * max) };
}

/** `k` distinct members of `pool`, in draw order (Python's random.sample). */
function sample<T>(pool: T[], k: number, rng: Random): T[] {
  const copy = [...pool];
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, k);
}

const keyOf = (item: unknown, key: string): unknown =>
  Array.isArray(item)
    ? item[Number(key)]
    : item && typeof item === "object"
      ? (item as Record<string, unknown>)[key]
      : undefined;

function groupBy(data: unknown[], key: string, label: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  data.forEach((item, i) => {
    const value = keyOf(item, key);
    if (value === undefined || value === null)
      throw new Error(`${label} key '${key}' not found in item ${JSON.stringify(item)}`);
    const name = String(value);
    groups.set(name, [...(groups.get(name) ?? []), i]);
  });
  return groups;
}

function chooseIndices(
  data: unknown[],
  size: number,
  method: z.infer<typeof SamplingMethod>,
  keys: { stratify_key: string | null; weight_key: string | null; cluster_key: string | null },
  rng: Random,
): number[] {
  const n = data.length;
  const all = Array.from({ length: n }, (_, i) => i);
  switch (method) {
    case "random":
      return sample(all, size, rng);
    case "systematic": {
      const step = Math.max(1, Math.floor(n / size));
      const start = rng.int(step);
      return all.filter((i) => i >= start && (i - start) % step === 0).slice(0, size);
    }
    case "top":
      return all.slice(0, size);
    case "bottom":
      return all.slice(n - size);
    case "reservoir": {
      const picked = all.slice(0, size);
      for (let i = size; i < n; i++) {
        const j = rng.int(i + 1);
        if (j < size) picked[j] = i;
      }
      return picked;
    }
    case "stratified": {
      if (!keys.stratify_key) throw new Error("Stratify key must be provided for stratified sampling.");
      const strata = groupBy(data, keys.stratify_key, "Stratify");
      const sizes = new Map([...strata].map(([k, v]) => [k, Math.max(1, Math.floor((v.length / n) * size))]));
      const total = () => [...sizes.values()].reduce((a, b) => a + b, 0);
      const largest = () => [...sizes].reduce((best, cur) => (cur[1] > best[1] ? cur : best))[0];
      while (total() !== size) {
        const k = largest();
        sizes.set(k, (sizes.get(k) ?? 0) + (total() < size ? 1 : -1));
      }
      return [...sizes].flatMap(([k, s]) => sample(strata.get(k) ?? [], Math.min(s, strata.get(k)?.length ?? 0), rng));
    }
    case "weighted": {
      if (!keys.weight_key) throw new Error("Weight key must be provided for weighted sampling.");
      const key = keys.weight_key;
      const weights = data.map((item) => {
        const w = Number(keyOf(item, key));
        if (!Number.isFinite(w) || w < 0) throw new Error(`Weight value for key '${key}' is not a non-negative number`);
        return w;
      });
      const sum = weights.reduce((a, b) => a + b, 0);
      if (sum <= 0) throw new Error(`No valid weights found using key '${key}'`);
      // With replacement, like Python's random.choices.
      return Array.from({ length: size }, () => {
        let remaining = rng.next() * sum;
        for (let i = 0; i < n; i++) {
          remaining -= weights[i] ?? 0;
          if (remaining < 0) return i;
        }
        return n - 1;
      });
    }
    case "cluster": {
      if (!keys.cluster_key) throw new Error("Cluster key must be provided for cluster sampling.");
      const clusters = groupBy(data, keys.cluster_key, "Cluster");
      const order = sample([...clusters.keys()], clusters.size, rng);
      const picked: number[] = [];
      for (const c of order) {
        if (picked.length >= size) break;
        picked.push(...(clusters.get(c) ?? []));
      }
      return picked.length > size ? sample(picked, size, rng) : picked;
    }
  }
}

/** Samples a dataset; with `accumulate`, inputs are gathered (per node, per run) until there are enough. */
export const dataSamplingBlock = defineBlock({
  id: "4a448883-71fa-49cf-91cf-70d793bd7d87",
  name: "DataSamplingBlock",
  description: "This block samples data from a given dataset using various sampling methods.",
  categories: ["LOGIC"],
  input: z.object({
    data: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).meta({
      description:
        "The dataset to sample from. Can be a single dictionary, a list of dictionaries, or a list of lists.",
      placeholder: "{'id': 1, 'value': 'a'} or [{'id': 1, 'value': 'a'}, {'id': 2, 'value': 'b'}, ...]",
    }),
    sample_size: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(10)
      .meta({ description: "The number of samples to take from the dataset.", placeholder: "10" }),
    sampling_method: SamplingMethod.default("random").describe("The method to use for sampling."),
    accumulate: z.boolean().default(false).describe("Whether to accumulate data before sampling."),
    random_seed: z.number().int().nullable().default(null).describe("Seed for random number generator (optional)."),
    stratify_key: z
      .string()
      .nullable()
      .default(null)
      .describe("Key to use for stratified sampling (required for stratified sampling)."),
    weight_key: z
      .string()
      .nullable()
      .default(null)
      .describe("Key to use for weighted sampling (required for weighted sampling)."),
    cluster_key: z
      .string()
      .nullable()
      .default(null)
      .describe("Key to use for cluster sampling (required for cluster sampling)."),
  }),
  output: z.object({
    sampled_data: z.array(z.unknown()).describe("The sampled subset of the input data."),
    sample_indices: z.array(z.number().int()).describe("The indices of the sampled data in the original dataset."),
  }),
  async *run(input, ctx) {
    const incoming = Array.isArray(input.data) ? input.data : [input.data];
    let data = incoming;
    const bucket = `data-sampling:${ctx.ids.graphExecId}:${ctx.ids.nodeId}`;
    if (input.accumulate) {
      const stored = await ctx.kv.get("agent", bucket);
      data = [...(Array.isArray(stored) ? stored : []), ...incoming];
      if (data.length < input.sample_size) {
        await ctx.kv.set("agent", bucket, data as Json);
        return;
      }
    }
    if (input.sample_size > data.length) {
      yield ["error", `Sample size (${input.sample_size}) cannot be larger than the dataset size (${data.length}).`];
      return;
    }
    const indices = chooseIndices(
      data,
      input.sample_size,
      input.sampling_method,
      input,
      seededRandom(input.random_seed),
    );
    if (input.accumulate) await ctx.kv.set("agent", bucket, []);
    yield ["sampled_data", indices.map((i) => data[i])];
    yield ["sample_indices", indices];
  },
  tests: [
    {
      input: { data: [1, 2, 3, 4, 5], sample_size: 2, sampling_method: "top" },
      expect: [
        ["sampled_data", [1, 2]],
        ["sample_indices", [0, 1]],
      ],
    },
    {
      input: { data: [1, 2, 3, 4, 5], sample_size: 2, sampling_method: "bottom" },
      expect: [
        ["sampled_data", [4, 5]],
        ["sample_indices", [3, 4]],
      ],
    },
    {
      name: "stratified: one item from each of three groups",
      input: {
        data: Array.from({ length: 9 }, (_, i) => ({ id: i, group: i % 3 })),
        sample_size: 3,
        sampling_method: "stratified",
        random_seed: 42,
        stratify_key: "group",
      },
      expect: [
        [
          "sampled_data",
          (v: unknown) =>
            Array.isArray(v) && new Set(v.map((x) => (x as { group: number }).group)).size === 3 && v.length === 3,
        ],
        ["sample_indices", (v: unknown) => Array.isArray(v) && v.length === 3],
      ],
    },
    {
      name: "random with a seed: distinct indices",
      input: { data: [10, 20, 30, 40, 50, 60], sample_size: 4, random_seed: 7 },
      expect: [
        ["sampled_data", (v: unknown) => Array.isArray(v) && v.length === 4],
        [
          "sample_indices",
          (v: unknown) => Array.isArray(v) && new Set(v).size === 4 && v.every((i) => i >= 0 && i < 6),
        ],
      ],
    },
    {
      name: "weighted: only items with weight are drawn",
      input: {
        data: [{ w: 0 }, { w: 5 }, { w: 0 }],
        sample_size: 3,
        sampling_method: "weighted",
        weight_key: "w",
        random_seed: 1,
      },
      expect: [
        ["sampled_data", [{ w: 5 }, { w: 5 }, { w: 5 }]],
        ["sample_indices", [1, 1, 1]],
      ],
    },
    {
      name: "accumulate: too little data yet, nothing sampled",
      input: { data: [1], sample_size: 2, sampling_method: "top", accumulate: true },
      expect: [],
    },
    {
      name: "accumulate: earlier inputs of this node and run join the new one",
      input: { data: { id: 2 }, sample_size: 2, sampling_method: "top", accumulate: true },
      ctx: {
        kv: {
          get: async (scope, key) => (scope === "agent" && key.startsWith("data-sampling:") ? [{ id: 1 }] : undefined),
          set: async () => undefined,
        },
      },
      expect: [
        ["sampled_data", [{ id: 1 }, { id: 2 }]],
        ["sample_indices", [0, 1]],
      ],
    },
    {
      input: { data: [1, 2], sample_size: 3, sampling_method: "top" },
      expect: [["error", "Sample size (3) cannot be larger than the dataset size (2)."]],
    },
  ],
});
