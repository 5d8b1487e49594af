#!/usr/bin/env bash
# Start time and idle memory of the packaged service: plain `java -jar` against the recipe in the
# README ("Fast start and small footprint"): the extracted jar with an AOT cache (JDK 25) or a
# CDS archive (JDK 21), each pinned to 1 and to 2 cores, median of RUNS starts.
#
#   REDIS_URL=redis://127.0.0.1:6379 bench/startup.sh [path/to/agentserve.jar]
#
# ready_ms: from process start to /actuator/health/readiness answering 200 (polled every 20 ms).
# cpu_ms:   CPU time (user+sys) the JVM had used by then: robust on a busy machine.
# rss_mib:  VmRSS after TURNS demo turns and IDLE_SECONDS of idling.
# Prints one JSON line per variant and core set, with the exact command and environment.
#
# Environment: REDIS_URL (required; the service and its readiness need a Redis), RUNS (3),
# CPUSETS ("0 0,1"), IDLE_SECONDS (30), TURNS (5), VARIANTS ("plain aot"), PORT (18080),
# JAVA (java on PATH, or $JAVA_HOME/bin/java), JAVA_OPTS (the Dockerfile's memory flags; set
# it to "" for JVM defaults), WORK (target/startup-bench).
set -euo pipefail

: "${REDIS_URL:?set REDIS_URL, e.g. redis://127.0.0.1:6379}"
RUNS=${RUNS:-3}
CPUSETS=${CPUSETS:-"0 0,1"}
IDLE_SECONDS=${IDLE_SECONDS:-30}
TURNS=${TURNS:-5}
VARIANTS=${VARIANTS:-"plain aot"}
PORT=${PORT:-18080}
JAVA=${JAVA:-$( [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME/bin/java" || echo java )}
JAVA_OPTS=${JAVA_OPTS-"-XX:+UseSerialGC -Xms32m"}
WORK=${WORK:-target/startup-bench}
BASE=http://127.0.0.1:$PORT

jar=${1:-$(ls target/agentserve-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1)}
[ -f "$jar" ] || { echo "no jar: build it with ./mvnw package -DskipTests, or pass its path" >&2; exit 2; }
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/{print $2}')

# The recipe, exactly as the README and the Dockerfile run it.
rm -rf "$WORK" && mkdir -p "$WORK"
"$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$WORK/app" >/dev/null
app=$(ls "$WORK"/app/agentserve-*.jar)
if [ "$feature" -ge 25 ]; then
	train=(-XX:AOTCacheOutput="$WORK/app/app.aot")
	use=(-XX:AOTCache="$WORK/app/app.aot")
else
	train=(-XX:ArchiveClassesAtExit="$WORK/app/app.jsa")
	use=(-XX:SharedArchiveFile="$WORK/app/app.jsa")
fi
# The training run refreshes the context and exits: it needs no Redis (connections open on
# first use), so any URL that selects an external Redis will do.
# shellcheck disable=SC2086
REDIS_URL=redis://127.0.0.1:6379 "$JAVA" $JAVA_OPTS "${train[@]}" -Dspring.context.exit=onRefresh -jar "$app" \
	>"$WORK/training.log" 2>&1 || { echo "training run failed, see $WORK/training.log" >&2; exit 1; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

turn() {
	local sid
	sid=$(curl -fsS -X POST "$BASE/sessions" -H 'Content-Type: application/json' -d '{"agentType":"assistant"}' |
		sed 's/.*"sessionId":"\([^"]*\)".*/\1/')
	curl -fsS -N -X POST "$BASE/sessions/$sid/chat" -H 'Content-Type: application/json' \
		-d '{"message":"What is 12*(3+4)?"}' | grep -q '"type":"done"'
}

# One start: prints "ready_ms cpu_ms rss_kib".
measure() {
	local cpus=$1; shift
	local start end pid ticks cpu rss i
	start=$(date +%s%N)
	# shellcheck disable=SC2086
	PORT=$PORT REDIS_URL=$REDIS_URL taskset -c "$cpus" "$JAVA" $JAVA_OPTS "$@" >"$WORK/run.log" 2>&1 &
	pid=$!
	until curl -fs -o /dev/null "$BASE/actuator/health/readiness"; do
		kill -0 "$pid" 2>/dev/null || { echo "the service exited, see $WORK/run.log" >&2; exit 1; }
		sleep 0.02
	done
	end=$(date +%s%N)
	ticks=$(getconf CLK_TCK)
	cpu=$(awk -v t="$ticks" '{print int(($14+$15)*1000/t)}' "/proc/$pid/stat")
	for ((i = 0; i < TURNS; i++)); do
		turn || { echo "a turn did not end with done, see $WORK/run.log" >&2; kill "$pid"; exit 1; }
	done
	sleep "$IDLE_SECONDS"
	rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
	kill "$pid"; wait "$pid" 2>/dev/null || true
	echo "$(((end - start) / 1000000)) $cpu $rss"
}

for variant in $VARIANTS; do
	case $variant in
		plain) args=(-jar "$jar") ;;
		aot) args=("${use[@]}" -jar "$app") ;;
		*) echo "unknown variant $variant" >&2; exit 2 ;;
	esac
	for cpus in $CPUSETS; do
		ready=() cpu=() rss=()
		for ((r = 0; r < RUNS; r++)); do
			out=$(measure "$cpus" "${args[@]}") || exit 1
			read -r a b c <<<"$out"
			ready+=("$a") cpu+=("$b") rss+=("$c")
		done
		printf '{"scenario":"startup","variant":"%s","cpus":"%s","runs":%d,"ready_ms":%s,"cpu_ms":%s,"rss_mib":%s,"ready_ms_all":[%s],"rss_mib_all":[%s],"command":"taskset -c %s %s %s %s","env":{"REDIS_URL":"%s","PORT":"%s"},"turns":%d,"idle_s":%d,"java":"%s","cores_online":%d}\n' \
			"$variant" "$cpus" "$RUNS" \
			"$(echo "${ready[*]}" | median)" "$(echo "${cpu[*]}" | median)" \
			"$(for v in "${rss[@]}"; do echo $((v / 1024)); done | tr '\n' ' ' | median)" \
			"$(IFS=,; echo "${ready[*]}")" "$(for v in "${rss[@]}"; do echo $((v / 1024)); done | paste -sd,)" \
			"$cpus" "$JAVA" "$JAVA_OPTS" "${args[*]}" "$REDIS_URL" "$PORT" "$TURNS" "$IDLE_SECONDS" \
			"$java_version" "$(nproc)"
	done
done
