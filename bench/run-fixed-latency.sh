#!/usr/bin/env bash
# Fixed latency: the model takes 200 ms to its first token in each of its two rounds and 10 ms per
# token, 20 tokens; so an ideal run lasts 2*200 + 20*10 = 600 ms and c clients can reach at most
# c/0.6 runs/s. Reports each server's throughput as a ratio of that ideal (target: >= 0.95 at
# c=2000), both servers side by side, REPEATS rounds, median.
#   bench/run-fixed-latency.sh           # c=50 and c=2000, 3 repeats of 30 s
source "$(dirname "$0")/lib.sh"
CONCURRENCY=${CONCURRENCY:-"50 2000"}
REPEATS=${REPEATS:-3}
DURATION=${DURATION:-30}
TOKENS=${TOKENS:-20}
TTFT_MS=${TTFT_MS:-200}
TOKEN_MS=${TOKEN_MS:-10}
AS_WARMUP=${AS_WARMUP:-2000}
PEER_WARMUP=${PEER_WARMUP:-200}
PEER=${PEER:-1}
IDEAL_MS=$((2 * TTFT_MS + TOKENS * TOKEN_MS))

env_line fixed-latency concurrency="$CONCURRENCY" repeats="$REPEATS" duration_s="$DURATION" tokens="$TOKENS" \
	first_token_ms="$TTFT_MS" token_ms="$TOKEN_MS" ideal_run_ms="$IDEAL_MS"
start_agentserve AGENTSERVE_MODELS_DEMO_ANSWER_TOKENS="$TOKENS" AGENTSERVE_MODELS_DEMO_FIRST_TOKEN_DELAY="${TTFT_MS}ms" \
	AGENTSERVE_MODELS_DEMO_TOKEN_DELAY="${TOKEN_MS}ms"
server_line fixed-latency agentserve "$AS_CMD"
if [[ "$PEER" == 1 ]]; then
	start_peer "$TOKENS" "$TTFT_MS" "$TOKEN_MS"
	server_line fixed-latency peer "$PEER_CMD"
fi
RESULTS="$OUT/fixed-latency.jsonl"
for r in $(seq 1 "$REPEATS"); do
	for c in $CONCURRENCY; do
		as_warm=0 peer_warm=0
		if [[ $r == 1 ]]; then as_warm=$AS_WARMUP peer_warm=$PEER_WARMUP; fi
		as_client --concurrency "$c" --duration "$DURATION" --warmup "$as_warm" --warmup-conc "$c" \
			--label "fixed-latency|agentserve|c=$c|r$r" | tee -a "$RESULTS"
		if [[ "$PEER" == 1 ]]; then
			peer_client --concurrency "$c" --duration "$DURATION" --warmup "$peer_warm" --warmup-conc "$c" \
				--label "fixed-latency|peer|c=$c|r$r" | tee -a "$RESULTS"
		fi
	done
done
"$PYTHON" "$BENCH_DIR/summarize.py" "$RESULTS" --ideal-ms "$IDEAL_MS"
