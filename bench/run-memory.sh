#!/usr/bin/env bash
# Memory over many turns: TURNS zero-latency turns (default 100,000) at CONCURRENCY 50, a new
# session per turn; after every STEP turns a full GC (jcmd GC.run) and the heap in use
# (jvm_memory_used_bytes{area="heap"} from /actuator/prometheus). Prints one JSON line per sample,
# then the series and its least-squares slope in bytes per 1,000 turns (target: flat).
#   bench/run-memory.sh                  # 100,000 turns, a sample every 10,000
#   TURNS=20000 STEP=2000 bench/run-memory.sh
source "$(dirname "$0")/lib.sh"
TURNS=${TURNS:-100000}
STEP=${STEP:-10000}
CONCURRENCY=${CONCURRENCY:-50}
TOKENS=${TOKENS:-20}
# short-lived sessions and turn logs, so Redis does not hold 100,000 of them for an hour
SESSION_TTL=${SESSION_TTL:-120}
WARMUP=${WARMUP:-2000}

env_line memory turns="$TURNS" step="$STEP" concurrency="$CONCURRENCY" tokens="$TOKENS" session_ttl_s="$SESSION_TTL"
start_agentserve AGENTSERVE_MODELS_DEMO_ANSWER_TOKENS="$TOKENS" AGENTSERVE_TURNS_RETENTION="${SESSION_TTL}s"
server_line memory agentserve "$AS_CMD"
JCMD=$(dirname "$JAVA")/jcmd
heap() {
	"$JCMD" "$AS_PID" GC.run >/dev/null
	curl -fsS "http://127.0.0.1:$AS_PORT/actuator/prometheus" |
		awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%d", s }'
}
SERIES="$OUT/memory.jsonl"
# warm-up (not counted) so the first sample is of a warm server
as_client --concurrency "$CONCURRENCY" --runs "$WARMUP" --warmup 0 --session-ttl "$SESSION_TTL" --label "memory|agentserve|warmup|r0" >/dev/null
echo "{\"scenario\":\"memory\",\"turns\":0,\"heap_bytes\":$(heap)}" | tee -a "$SERIES"
done_turns=0
while ((done_turns < TURNS)); do
	line=$(as_client --concurrency "$CONCURRENCY" --runs "$STEP" --warmup 0 --session-ttl "$SESSION_TTL" \
		--label "memory|agentserve|c=$CONCURRENCY|turns=$((done_turns + STEP))")
	done_turns=$((done_turns + STEP))
	errors=$(echo "$line" | "$PYTHON" -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"errors": r["errors"], "runs_per_s": r["runs_per_s"], "error_kinds": r["error_kinds"]}))')
	echo "{\"scenario\":\"memory\",\"turns\":$done_turns,\"heap_bytes\":$(heap),\"step\":$errors}" | tee -a "$SERIES"
done
"$PYTHON" - "$SERIES" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
x = [r["turns"] for r in rows]; y = [r["heap_bytes"] for r in rows]
n = len(x); mx = sum(x) / n; my = sum(y) / n
var = sum((a - mx) ** 2 for a in x)
slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / var if var else 0
print(json.dumps({"scenario": "memory", "summary": "series", "turns": x, "heap_bytes": y,
                  "slope_bytes_per_1000_turns": round(slope * 1000), "heap_first": y[0], "heap_last": y[-1],
                  "errors_total": sum(r.get("step", {}).get("errors", 0) for r in rows)}))
PY
