#!/usr/bin/env bash
# Live streams: STREAMS concurrent chat streams (default 2,000) whose demo model streams one token
# every 100 ms (10 events/s each, a long answer). For every token the client measures the delay
# between the server stamping it (the event's ts, when the turn writes the model's token) and the
# client reading it: both are this machine's wall clock, so no clock sync is needed; ts has ms
# precision. Also the gap between consecutive tokens of a stream, errors, and the server's heap
# per live stream (full GC via jcmd, then jvm_memory_used_bytes{area="heap"} from
# /actuator/prometheus; before the streams vs right after the window, the streams still open: the
# full GC pauses the server, so it is kept out of the measured delays).
# Targets: p99 delay <= 100 ms, zero errors, <= 20 KB heap per stream, on one core.
#   bench/run-live-streams.sh            # 2,000 streams, 20 s ramp, 30 s measured (after a 40 s warm-up)
source "$(dirname "$0")/lib.sh"
STREAMS=${STREAMS:-2000}
TOKEN_MS=${TOKEN_MS:-100}
RAMP=${RAMP:-20}
SETTLE=${SETTLE:-5}
DURATION=${DURATION:-30}
# long enough to outlast ramp + settle + window, with a margin
TOKENS=${TOKENS:-$(((RAMP + SETTLE + DURATION + 30) * 1000 / TOKEN_MS))}

env_line live-streams streams="$STREAMS" token_ms="$TOKEN_MS" ramp_s="$RAMP" settle_s="$SETTLE" duration_s="$DURATION" tokens="$TOKENS"
start_agentserve AGENTSERVE_MODELS_DEMO_ANSWER_TOKENS="$TOKENS" AGENTSERVE_MODELS_DEMO_TOKEN_DELAY="${TOKEN_MS}ms" \
	AGENTSERVE_TURNS_MAX_EVENTS=$((TOKENS + 100)) \
	SPRING_APPLICATION_JSON="{\"agentserve\":{\"agents\":{\"assistant\":{\"turn-timeout\":\"30m\"}}}}"
server_line live-streams agentserve "$AS_CMD" "{\"agents\":$(curl -fsS "http://127.0.0.1:$AS_PORT/agents")}"
# Warm-up: half the streams for WARMUP_S seconds (their turns are cancelled at its end), so the
# measured ramp meets compiled code; on a cold JVM the C2 compiler takes ~40% of the one core
# during the first ramp and the admission limit (rightly) refuses streams.
WARMUP_S=${WARMUP_S:-20}
if ((WARMUP_S > 0)); then
	client --mode live --base "http://127.0.0.1:$AS_PORT" --concurrency $((STREAMS / 2)) --ramp "$WARMUP_S" --settle 0 \
		--duration "$WARMUP_S" --label "live-streams|agentserve|warmup" >/dev/null || true
fi
client --mode live --base "http://127.0.0.1:$AS_PORT" --concurrency "$STREAMS" --ramp "$RAMP" --settle "$SETTLE" \
	--duration "$DURATION" --server-pid "$AS_PID" --label "live-streams|agentserve|streams=$STREAMS"
