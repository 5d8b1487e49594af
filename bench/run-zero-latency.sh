#!/usr/bin/env bash
# Zero-latency throughput: agentserve and the FastAPI peer side by side in the same run, a new
# session per turn, the same 24-event turn shape (tool call + result, 20 tokens). Server pinned to
# SERVER_CPU (one active processor), load client to CLIENT_CPU; REPEATS rounds, median reported.
#   bench/run-zero-latency.sh            # c=1, 50, 1000; 3 repeats of 30 s
#   CONCURRENCY="50" REPEATS=1 DURATION=10 bench/run-zero-latency.sh
source "$(dirname "$0")/lib.sh"
CONCURRENCY=${CONCURRENCY:-"1 50 1000"}
REPEATS=${REPEATS:-3}
DURATION=${DURATION:-30}
TOKENS=${TOKENS:-20}
AS_WARMUP=${AS_WARMUP:-40000}
PEER_WARMUP=${PEER_WARMUP:-1000}
PEER=${PEER:-1}

env_line zero-latency concurrency="$CONCURRENCY" repeats="$REPEATS" duration_s="$DURATION" tokens="$TOKENS"
start_agentserve AGENTSERVE_MODELS_DEMO_ANSWER_TOKENS="$TOKENS"
server_line zero-latency agentserve "$AS_CMD"
if [[ "$PEER" == 1 ]]; then
	start_peer "$TOKENS" 0 0
	server_line zero-latency peer "$PEER_CMD"
fi
RESULTS="$OUT/zero-latency.jsonl"
for r in $(seq 1 "$REPEATS"); do
	for c in $CONCURRENCY; do
		# warm-up only in the first round: the JIT stays warm, the servers keep running
		as_warm=0 peer_warm=0
		if [[ $r == 1 ]]; then as_warm=$AS_WARMUP peer_warm=$PEER_WARMUP; fi
		as_client --concurrency "$c" --duration "$DURATION" --warmup "$as_warm" --warmup-conc 50 \
			--label "zero-latency|agentserve|c=$c|r$r" | tee -a "$RESULTS"
		if [[ "$PEER" == 1 ]]; then
			peer_client --concurrency "$c" --duration "$DURATION" --warmup "$peer_warm" --warmup-conc 50 \
				--label "zero-latency|peer|c=$c|r$r" | tee -a "$RESULTS"
		fi
	done
done
"$PYTHON" "$BENCH_DIR/summarize.py" "$RESULTS"
