# Shared by bench/run-*.sh (sourced, not run). Starts and stops the servers, runs the load
# client, and prints JSON lines. Everything is overridable by environment variables; see
# bench/README.md.
set -euo pipefail

BENCH_CMD="$0${*:+ $*}"
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
# Every agentserve key starts with this prefix, so a run shares a Redis with anything else and
# the cleanup at the end deletes only these keys (the peer's run:* keys expire by themselves).
BENCH_PREFIX=${BENCH_PREFIX:-bench:}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
AS_PORT=${AS_PORT:-18080}
PEER_PORT=${PEER_PORT:-2140}
PEER_PYTHON=${PEER_PYTHON:-/usr/bin/python3}
PYTHON=${PYTHON:-python3}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
OUT=${OUT:-$(mktemp -d /tmp/agentserve-bench.XXXXXX)}
mkdir -p "$OUT"

if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=$(command -v java); fi
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if (( JAVA_MAJOR < 21 )); then
	echo "bench: needs a JDK 21+ (found $JAVA_MAJOR at $JAVA); set JAVA_HOME" >&2
	exit 1
fi

PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	delete_bench_keys
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pin() { # pin CPU command...: taskset when the machine has it and the CPU exists
	local cpu=$1
	shift
	if [[ "$cpu" != none ]] && command -v taskset >/dev/null; then taskset -c "$cpu" "$@"; else "$@"; fi
}

redis() { redis-cli -u "$REDIS_URL" "$@"; }

delete_bench_keys() {
	if command -v redis-cli >/dev/null && [[ -n "$BENCH_PREFIX" ]]; then
		redis --scan --pattern "${BENCH_PREFIX}*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$REDIS_URL" UNLINK >/dev/null 2>&1 || true
	fi
}

require_redis() {
	if command -v redis-cli >/dev/null && ! redis PING >/dev/null 2>&1; then
		echo "bench: Redis at $REDIS_URL does not answer; start one (redis-server --port 6379 --save '' --appendonly no --daemonize yes) or set REDIS_URL" >&2
		exit 1
	fi
}

ensure_jar() {
	if [[ -n "${JAR:-}" ]]; then return 0; fi # a given build
	JAR=$(ls "$ROOT"/target/agentserve-*.jar 2>/dev/null | grep -v -- '-plain.jar' | head -1 || true)
	if [[ -z "$JAR" ]]; then
		echo "bench: building the jar (./mvnw -o -q -DskipTests package)" >&2
		(cd "$ROOT" && ./mvnw -o -q -DskipTests package >&2)
		JAR=$(ls "$ROOT"/target/agentserve-*.jar | grep -v -- '-plain.jar' | head -1)
	fi
}

wait_http() { # wait_http URL NAME: until it answers 2xx, 120 s at most
	local i
	for i in $(seq 1 240); do
		if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
		sleep 0.5
	done
	echo "bench: $2 not ready at $1 after 120 s; log: $OUT/$2.log" >&2
	tail -20 "$OUT/$2.log" >&2
	exit 1
}

# start_agentserve [NAME=VALUE...]: the jar pinned to SERVER_CPU and one active processor, with
# every limit that would refuse benchmark load switched off; extra env (the demo model's knobs)
# as arguments. Sets AS_PID and AS_CMD.
start_agentserve() {
	ensure_jar
	require_redis
	local env=(REDIS_URL="$REDIS_URL" PORT="$AS_PORT" AGENTSERVE_REDIS_KEY_PREFIX="$BENCH_PREFIX"
		AGENTSERVE_MODELS_DEMO_TOKEN_DELAY=0 AGENTSERVE_LIMITS_REQUESTS_PER_MINUTE=0
		AGENTSERVE_TURNS_MAX_CONCURRENT_PER_USER=0 AGENTSERVE_TURNS_MAX_CONCURRENT=100000
		AGENTSERVE_TURNS_MAX_CONCURRENT_TOTAL=0 AGENTSERVE_SESSIONS_MAX_ACTIVE=2000000000 "$@")
	local cmd=("$JAVA" -XX:ActiveProcessorCount=1 $SERVER_JAVA_OPTS -jar "$JAR")
	AS_CMD="env $(printf '%q ' "${env[@]}")taskset -c $SERVER_CPU $(printf '%q ' "${cmd[@]}")"
	env "${env[@]}" taskset -c "$SERVER_CPU" "${cmd[@]}" >"$OUT/agentserve.log" 2>&1 &
	AS_PID=$!
	PIDS+=("$AS_PID")
	wait_http "http://127.0.0.1:$AS_PORT/actuator/health/readiness" agentserve
}

stop_agentserve() {
	kill "$AS_PID" 2>/dev/null || true
	wait "$AS_PID" 2>/dev/null || true
}

peer_dir() {
	local d
	for d in "${PEER_DIR:-}" "$ROOT/../shared/peers/fastapi" /work/shared/peers/fastapi; do
		if [[ -n "$d" && -f "$d/app.py" ]]; then (cd "$d" && pwd); return 0; fi
	done
	echo "bench: the FastAPI peer (app.py) was not found; set PEER_DIR to the folder holding ../shared/peers/fastapi/app.py" >&2
	exit 1
}

# start_peer TOKENS TTFT_MS TOKEN_DELAY_MS: the FastAPI peer as ../shared/peers/README.md runs it.
start_peer() {
	local dir
	dir=$(peer_dir)
	if ! "$PEER_PYTHON" -c 'import fastapi, uvicorn, redis, uvloop, httptools' 2>/dev/null; then
		echo "bench: the peer needs Debian's packages: apt-get install -y python3-fastapi python3-uvicorn python3-redis python3-uvloop python3-httptools (or set PEER=0 to skip it)" >&2
		exit 1
	fi
	require_redis
	local env=(FAKE_TOKENS="$1" FAKE_TTFT_MS="$2" FAKE_TOKEN_DELAY_MS="$3" REDIS_URL="$REDIS_URL")
	local cmd=("$PEER_PYTHON" -m uvicorn app:app --host 127.0.0.1 --port "$PEER_PORT" --loop uvloop --http httptools --no-access-log)
	PEER_CMD="cd $dir && env $(printf '%q ' "${env[@]}")taskset -c $SERVER_CPU $(printf '%q ' "${cmd[@]}")"
	(cd "$dir" && exec env "${env[@]}" taskset -c "$SERVER_CPU" "${cmd[@]}") >"$OUT/peer.log" 2>&1 &
	PEER_PID=$!
	PIDS+=("$PEER_PID")
	wait_http "http://127.0.0.1:$PEER_PORT/ok" peer
}

stop_peer() {
	kill "$PEER_PID" 2>/dev/null || true
	wait "$PEER_PID" 2>/dev/null || true
}

# client ARGS...: the load client pinned to CLIENT_CPU; prints its JSON line.
client() {
	pin "$CLIENT_CPU" "$JAVA" "$BENCH_DIR/LoadClient.java" "$@"
}

# as_client / peer_client ARGS...: the same turn against each server.
as_client() { client --mode agentserve --base "http://127.0.0.1:$AS_PORT" "$@"; }
peer_client() { client --mode generic --base "http://127.0.0.1:$PEER_PORT" --path /runs/stream "$@"; }

# env_line SCENARIO [key=value...]: one JSON line with the scenario's command and environment.
env_line() {
	local scenario=$1
	shift
	local redis_version redis_pid redis_cpus=unknown
	redis_version=$(redis INFO server 2>/dev/null | sed -n 's/^redis_version:\(.*\)\r$/\1/p' || true)
	redis_pid=$(redis INFO server 2>/dev/null | sed -n 's/^process_id:\(.*\)\r$/\1/p' || true)
	if [[ -n "$redis_pid" ]] && [[ -r /proc/$redis_pid/status ]]; then
		redis_cpus=$(sed -n 's/^Cpus_allowed_list:\s*//p' /proc/$redis_pid/status)
	fi
	"$PYTHON" - "$scenario" "$@" <<EOF
import json, sys, os, subprocess
extra = dict(a.split("=", 1) for a in sys.argv[2:])
def sh(cmd):
    try: return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception: return None
print(json.dumps({"scenario": sys.argv[1], "command": """$BENCH_CMD""",
  "env": {"git_commit": sh("git -C '$ROOT' rev-parse --short HEAD"), "git_dirty": bool(sh("git -C '$ROOT' status --porcelain -- src pom.xml")),
          "java": sh("'$JAVA' -version 2>&1 | tail -1"), "host_cores": os.cpu_count(), "cpu_model": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
          "kernel": sh("uname -r"), "load_avg_1m": os.getloadavg()[0], "server_cpu": "$SERVER_CPU", "client_cpu": "$CLIENT_CPU",
          "redis_url": "$REDIS_URL", "redis_version": "$redis_version", "redis_cpus": "$redis_cpus", "key_prefix": "$BENCH_PREFIX",
          "open_files_limit": sh("ulimit -n"), "out_dir": "$OUT"}, **extra}))
EOF
}

# server_line SCENARIO SERVER COMMAND [EXTRA_JSON_FIELDS]: one JSON line with a server's exact command.
server_line() {
	"$PYTHON" -c 'import json,sys; d={"scenario":sys.argv[1],"server":sys.argv[2],"server_command":sys.argv[3]}; d.update(json.loads(sys.argv[4]) if len(sys.argv)>4 else {}); print(json.dumps(d))' "$@"
}
