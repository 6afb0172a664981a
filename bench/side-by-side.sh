#!/usr/bin/env bash
# Side by side on this machine, one engine after another (never at once: 2 cores):
#   1. the floor of our architecture (../shared/peers/floor/run.sh: plain, d1, dofixed, donew, full),
#   2. our chain10, fanout8, start1 (and chain100) with the peers' load generator and parameters (npm run bench --only ...),
#   3. with PEERS=1, n8n and Node-RED (../shared/peers/bench-all.sh: ~15-30 min + ~4 min cold install),
# then our ratios against each. Output: `name: value` lines, also kept in bench/results/<stamp>-side-by-side.txt.
#   bench/side-by-side.sh            # floor + ours (~4 min)
#   PEERS=1 bench/side-by-side.sh    # + n8n and Node-RED (env MODES, TOTAL, REPEATS go to the peers' scripts)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${PEERS_HARNESS_DIR:-}
if [ -z "$shared" ]; then
  if [ -d "$repo/../shared/peers" ]; then shared="$repo/../shared/peers"; else shared=/work/shared/peers; fi
fi
cd "$repo"
stamp=$(date -u +%Y-%m-%dT%H-%M-%SZ)
mkdir -p "$here/results"
out="$here/results/$stamp-side-by-side.txt"
{
  echo "host.cpus: $(nproc)"
  echo "host.loadavg_start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# floor (../shared/peers/floor/run.sh, wrangler dev --log-level error)" >&2
  # run.sh runs `npx wrangler` from the current directory: our checkout's pinned wrangler.
  "$shared/floor/run.sh" "${FLOOR_PORT:-8790}"
  echo "host.loadavg_after_floor: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# ours (npm run bench --only chain10,fanout8,start1,chain100)" >&2
  npm run --silent bench -- --only chain10,fanout8,start1,chain100 | grep -E '^(chain10|fanout8|start1|chain100|bench)\.'
  echo "host.loadavg_after_ours: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${PEERS:-0}" = "1" ]; then
    echo "# peers (../shared/peers/bench-all.sh)" >&2
    "$shared/bench-all.sh"
    echo "host.loadavg_after_peers: $(cut -d' ' -f1-3 /proc/loadavg)"
  fi
} | tee "$out"
echo "# ratios (ours / theirs; rps: higher is better, p50: lower is better)"
node "$here/ratios.mjs" "$out" | tee -a "$out"
echo "# saved $out" >&2
