// The variants the A/B and the memory experiments start, one way for all of them: `floor` / `floor:<mode>` (the
// floor probe, or one of its parts: d1, donew, dofixed, donoop, ...; FLOOR_DIR: a copy with more modes), `head` (our
// last commit) or a patch file applied to it (see bench/ab.mjs).
import fs from "node:fs";
import start1 from "../agents/start1.mjs";
import { apiClient } from "./api.mjs";
import { startFloor } from "./floor.mjs";
import { runLoadgen } from "./loadgen.mjs";
import { startPlatform } from "./platform.mjs";

/**
 * Our platform from the last commit (`head`) or with a patch file applied to it, signed in.
 * @example const { platform, api, auth } = await startPatchedPlatform("head");
 */
export async function startPatchedPlatform(variant) {
  if (variant === "head") delete process.env.BENCH_PATCH;
  else if (fs.existsSync(variant)) process.env.BENCH_PATCH = variant;
  else throw new Error(`no such variant: ${variant} (floor, floor:<mode>, head or a patch file)`);
  const platform = await startPlatform({
    buildWeb: false,
    vars: { RATE_LIMIT_PER_MINUTE: "100000000" },
    fromHead: true,
  });
  const api = apiClient(platform.base);
  return { platform, api, auth: await api.signIn() };
}

/** `n` runs of a started variant from 8 clients at full speed: { runs, errors, rps }. */
export async function drive(up, n, maxSeconds = 1800) {
  const r = await runLoadgen({
    url: up.url,
    body: up.body,
    expect: up.expect,
    header: up.header,
    params: { warmup: 0, seq: 0, conc: 8, total: n, "max-seconds": maxSeconds },
  });
  return { runs: r.conc_completed ?? 0, errors: r.conc_errors ?? 0, rps: r.conc_rps };
}

/** A variant driving start1 runs (the floor: its own request): the load generator's url, body, expect and header. */
export async function startVariant(variant) {
  if (variant === "floor" || variant.startsWith("floor:")) {
    const floor = await startFloor(process.env.FLOOR_DIR || undefined);
    return {
      ...floor,
      url: `${floor.base}/?m=${variant.split(":")[1] ?? "full"}`,
      body: { inputs: { n: 0 } },
      expect: '"n":[10]',
      header: undefined,
    };
  }
  const { platform, api, auth } = await startPatchedPlatform(variant);
  const graph = await api.createAgent(start1.agent);
  return {
    ...platform,
    url: `${platform.base}/api/v1/graphs/${graph.id}/execute?wait=30`,
    body: start1.body,
    expect: start1.expect,
    header: auth.authHeader,
  };
}
