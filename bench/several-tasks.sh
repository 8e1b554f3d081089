#!/usr/bin/env bash
# Several tasks on one stream against one stream per task, in one run (BENCHMARKS.md, "Several
# tasks on one stream"):
#   - CPU per delivery: JMH MultiTaskStreamBenchmark, both shapes (ten single-task streams, one
#     ten-task stream) in each round, with -prof gc for the bytes allocated per delivery;
#   - memory per stream: in each round, for each number of tasks per stream, a fresh gateway node
#     (embedded broker, anonymous) on which the load tool's StreamMemory opens idle streams up to
#     5000 task subscriptions (5000 streams of one task, 500 of ten, 156 of 32), and reads the live
#     heap after a full GC and the PSS (slopes over the levels); then a class histogram of the node.
# The shapes alternate within each round, so that the ratios come from the same minutes of a
# shared machine. About 5 minutes with the defaults on 2 cores.
#
#   bench/several-tasks.sh
#   bench/several-tasks.sh --rounds 1 --tasks-per-stream 1,10 --subscriptions 1000,5000
#   bench/several-tasks.sh --skip-jmh --rounds 2 --streams 1000,3000,5000
#
# Options: --rounds N (3), --tasks-per-stream LIST (1,10,32), --subscriptions LIST (1000,3000,5000),
# --streams LIST (instead of --subscriptions: as many streams for every shape, so that the PSS of
# the several-task shapes moves by more than the JVM's own noise), --port PORT (the nodes' port,
# 19080), --management-port PORT (its health and metrics, default port + 1000), --skip-jmh,
# --skip-memory.
# --cpu-rate EVENTS_PER_S adds, in each round and for each number of tasks per stream, a node on a
# Redis (redis-server on the next port) holding --cpu-subscriptions (2000) task subscriptions, one
# stream per task or one per 10 or 32 tasks; notifier-client publishes round robin over the tasks,
# 8 s of warm-up, 8 s idle, then 8 s measured: the node's CPU over the deliveries it counted is its
# CPU per delivery, end to end (receiving each event from Redis included), also above idle.
# Results go to bench/results/several-tasks-<UTC timestamp>/: jmh-<round>.json, memory.jsonl (one
# JSON line per level and per shape), cpu.jsonl, histo-<round>-<tasks per stream>.txt, logs/,
# summary.txt.
#
# Environment: SEVERAL_SKIP_BUILD=1 uses what is built already (gateway/target/gateway.jar,
# bench/target). Needs a JDK 21+ (found as bench/run.sh does), curl, jq, and redis-server for
# --cpu-rate. Stops every process it started, also on failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT="$PWD"
# shellcheck source=bin/lib.sh
source "$ROOT/bin/lib.sh"
LOG_CLOCK_START=$SECONDS

ROUNDS=3
TASKS_PER_STREAM=1,10,32
SUBSCRIPTIONS=1000,3000,5000
STREAMS=""
CPU_RATE=""
CPU_SUBSCRIPTIONS=2000
PORT=19080
MANAGEMENT_PORT=""
JMH=1
MEMORY=1
while (($# > 0)); do
	case $1 in
		--rounds) ROUNDS=${2:?}; shift 2 ;;
		--tasks-per-stream) TASKS_PER_STREAM=${2:?}; shift 2 ;;
		--subscriptions) SUBSCRIPTIONS=${2:?}; shift 2 ;;
		--streams) STREAMS=${2:?}; shift 2 ;;
		--cpu-rate) CPU_RATE=${2:?}; shift 2 ;;
		--cpu-subscriptions) CPU_SUBSCRIPTIONS=${2:?}; shift 2 ;;
		--port) PORT=${2:?}; shift 2 ;;
		--management-port) MANAGEMENT_PORT=${2:?}; shift 2 ;;
		--skip-jmh) JMH=0; shift ;;
		--skip-memory) MEMORY=0; shift ;;
		*) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 2 ;;
	esac
done
MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((PORT + 1000))}

readonly OUT="$ROOT/bench/results/several-tasks-$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$(mktemp -d /tmp/ssegate-several.XXXXXX)"
readonly WORK
mkdir -p "$OUT/logs"
NODE_PID=""
REDIS_PID=""
cleanup() {
	if [[ -n $NODE_PID ]]; then
		stop_pid "$NODE_PID"
	fi
	if [[ -n $REDIS_PID ]]; then
		stop_pid "$REDIS_PID"
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAVA="$(find_java)"
readonly JAVA
JCMD="$(dirname "$JAVA")/jcmd"
command -v jq >/dev/null || die "jq is needed"
command -v curl >/dev/null || die "curl is needed"
ulimit -n 20000 2>/dev/null || true

CP="$(build_bench "${SEVERAL_SKIP_BUILD:-0}" "$OUT/logs/build.log" "$WORK")"
{
	echo "date: $(date -u +%FT%TZ)"
	echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
	echo "cpu: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "java: $("$JAVA" -version 2>&1 | head -1)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

jmh_round() {
	local round=$1
	log "round $round: JMH MultiTaskStreamBenchmark"
	"$JAVA" -cp "$CP" org.openjdk.jmh.Main MultiTaskStreamBenchmark -f 1 -wi 2 -w 1 -i 5 -r 1 -prof gc \
		-rf json -rff "$OUT/jmh-$round.json" >"$OUT/logs/jmh-$round.log" 2>&1 ||
		die "JMH failed (see $OUT/logs/jmh-$round.log)"
}

start_node() {
	local log_file=$1 i
	shift
	port_in_use "$PORT" && die "port $PORT is in use"
	port_in_use "$MANAGEMENT_PORT" && die "port $MANAGEMENT_PORT is in use"
	"$JAVA" "@$ROOT/gateway/jvm.options" -Xmx3g -jar "$WORK/gateway.jar" --server.port="$PORT" \
		--management.server.port="$MANAGEMENT_PORT" "$@" \
		--ssegate.security.anonymous=true --ssegate.stream.max-streams=20000 --ssegate.demo.enabled=false \
		--server.jetty.max-connections=20000 --server.max-http-request-header-size=4KB \
		--server.jetty.max-http-response-header-size=1KB --logging.level.root=WARN >"$log_file" 2>&1 &
	NODE_PID=$!
	for ((i = 0; i < 600; i++)); do
		curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null 2>&1 && return 0
		kill -0 "$NODE_PID" 2>/dev/null || die "the gateway exited (see $log_file)"
		sleep 0.2
	done
	die "the gateway did not become ready (see $log_file)"
}

memory_round() {
	local round=$1 k
	local -a levels=(--subscriptions "$SUBSCRIPTIONS")
	if [[ -n $STREAMS ]]; then
		levels=(--streams "$STREAMS")
	fi
	for k in ${TASKS_PER_STREAM//,/ }; do
		log "round $round: memory, $k task(s) per stream"
		start_node "$OUT/logs/gateway-$round-$k.log"
		"$JAVA" -Xms256m -Xmx1g -XX:+UseParallelGC -cp "$CP" io.ssegate.bench.load.StreamMemory \
			--subscribe "http://127.0.0.1:$PORT/sse/register" --jvm-pid "$NODE_PID" --jcmd "$JCMD" \
			--tasks-per-stream "$k" "${levels[@]}" --run-id "r$round" --round "$round" \
			--histogram "$OUT/histo-$round-$k.txt" --out "$OUT/memory.jsonl" >>"$OUT/logs/memory.log" 2>&1 || die "StreamMemory failed (see $OUT/logs)"
		stop_pid "$NODE_PID"
		NODE_PID=""
	done
}

cpu_round() {
	local round=$1 k redis_port=$((PORT + 1))
	if [[ -z $REDIS_PID ]]; then
		port_in_use "$redis_port" && die "port $redis_port is in use"
		command -v redis-server >/dev/null || die "--cpu-rate needs redis-server"
		mkdir -p "$WORK/redis"
		redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$WORK/redis" \
			>"$OUT/logs/redis.log" 2>&1 &
		REDIS_PID=$!
		sleep 1
	fi
	for k in ${TASKS_PER_STREAM//,/ }; do
		log "round $round: CPU per delivery, $k task(s) per stream"
		start_node "$OUT/logs/gateway-cpu-$round-$k.log" --spring.data.redis.host=127.0.0.1 \
			--spring.data.redis.port="$redis_port"
		"$JAVA" -Xms256m -Xmx1g -XX:+UseParallelGC -cp "$CP" io.ssegate.bench.load.StreamMemory \
			--subscribe "http://127.0.0.1:$PORT/sse/register" --jvm-pid "$NODE_PID" --jcmd "$JCMD" \
			--tasks-per-stream "$k" --subscriptions "$CPU_SUBSCRIPTIONS" --run-id "c$round" --round "$round" \
			--rate "$CPU_RATE" --publish "redis://127.0.0.1:$redis_port" --out "$OUT/cpu.jsonl" \
			--metrics "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" \
			>>"$OUT/logs/cpu.log" 2>&1 || die "StreamMemory failed (see $OUT/logs)"
		stop_pid "$NODE_PID"
		NODE_PID=""
	done
}

for ((round = 1; round <= ROUNDS; round++)); do
	if ((JMH)); then
		jmh_round "$round"
	fi
	if ((MEMORY)); then
		memory_round "$round"
	fi
	if [[ -n $CPU_RATE ]]; then
		cpu_round "$round"
	fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

summary() {
	cat "$OUT/machine.txt"
	if ((JMH)); then
		echo
		echo "CPU per delivery (JMH MultiTaskStreamBenchmark; medians of $ROUNDS rounds, then each round's figures):"
		jq -s -r '
			def median: sort | if length % 2 == 1 then .[length / 2 | floor]
				else (.[length / 2 - 1] + .[length / 2]) / 2 end;
			def round2: . * 100 | round / 100;
			map(map({key: .params.shape, value: {ns: .primaryMetric.score,
				bytes: .secondaryMetrics["gc.alloc.rate.norm"].score}}) | from_entries
				| . + {ratio: (.oneTenTaskStream.ns / .tenSingleTaskStreams.ns)}) as $rounds
			| ("tenSingleTaskStreams", "oneTenTaskStream") as $shape
			| "  \($shape): \($rounds | map(.[$shape].ns) | median | round) ns/op, "
				+ "\($rounds | map(.[$shape].bytes) | median | round) B/op (\($rounds | map(.[$shape].ns | round)))",
			  if $shape == "oneTenTaskStream" then "  ratio, one ten-task stream to ten single-task streams: "
				+ "\($rounds | map(.ratio) | median | round2) (\($rounds | map(.ratio | round2)))" else empty end
			' "$OUT"/jmh-*.json
	fi
	if ((MEMORY)); then
		echo
		echo "Memory per idle stream (slopes over the levels; medians of $ROUNDS rounds, then each round's):"
		jq -s -r '
			def median: sort | if length % 2 == 1 then .[length / 2 | floor]
				else (.[length / 2 - 1] + .[length / 2]) / 2 end;
			def round3: . * 1000 | round / 1000;
			[.[] | select(.phase == "per-stream")] as $all
			| ($all | map(.tasksPerStream) | unique) as $shapes
			| ($shapes[] as $k | $all | map(select(.tasksPerStream == $k))
				| "  \($k) task(s) per stream: live heap \(map(.liveHeapBytesPerStream) | median | round) B "
				+ "(\(map(.liveHeapBytesPerStream | round))), PSS \(map(.pssBytesPerStream) | median | round) B "
				+ "(\(map(.pssBytesPerStream | round)))"),
			  ($shapes[] | select(. > 1) as $k
				| [$all | group_by(.round)[] | (map(select(.tasksPerStream == 1))[0]) as $one
					| (map(select(.tasksPerStream == $k))[0]) as $many | select($one and $many)
					| {heap: ($many.liveHeapBytesPerStream / ($k * $one.liveHeapBytesPerStream)),
						pss: ($many.pssBytesPerStream / ($k * $one.pssBytesPerStream))}] as $ratios
				| "  one \($k)-task stream to \($k) single-task streams: live heap \($ratios | map(.heap) | median | round3) "
				+ "(\($ratios | map(.heap | round3))), PSS \($ratios | map(.pss) | median | round3) (\($ratios | map(.pss | round3)))"),
			  ($shapes | map(select(. > 1)) | select(length > 1) | (.[0]) as $a | (.[-1]) as $b
				| [$all | group_by(.round)[] | (map(select(.tasksPerStream == $a))[0]) as $x
					| (map(select(.tasksPerStream == $b))[0]) as $y | select($x and $y)
					| ($y.liveHeapBytesPerStream - $x.liveHeapBytesPerStream) / ($b - $a)] as $perTask
				| "  per task added to a stream (\($a) to \($b) tasks): live heap \($perTask | median | round) B "
				+ "(\($perTask | map(round)))")
			' "$OUT/memory.jsonl"
	fi
}
cpu_summary() {
	[[ -n $CPU_RATE ]] || return 0
	echo
	echo "Server CPU per delivery, end to end ($CPU_RATE events/s from Redis, one stream per task or per"
	echo "several; medians of $ROUNDS rounds, then each round's):"
	jq -s -r '
		def median: sort | if length % 2 == 1 then .[length / 2 | floor]
			else (.[length / 2 - 1] + .[length / 2]) / 2 end;
		def round2: . * 100 | round / 100;
		[.[] | select(.phase == "cpu")] as $all
		| ($all | map(.tasksPerStream) | unique) as $shapes
		| ($shapes[] as $k | $all | map(select(.tasksPerStream == $k))
			| "  \($k) task(s) per stream: \(map(.serverCpuUsPerDelivery) | median | round2) µs "
			+ "(\(map(.serverCpuUsPerDelivery | round2))), above idle \(map(.serverCpuUsPerDeliveryAboveIdle) | median | round2) µs "
			+ "(\(map(.serverCpuUsPerDeliveryAboveIdle | round2))), deliveries \(map(.deliveries))"),
		  ($shapes[] | select(. > 1) as $k
			| [$all | group_by(.round)[] | (map(select(.tasksPerStream == 1))[0]) as $one
				| (map(select(.tasksPerStream == $k))[0]) as $many | select($one and $many)
				| [$many.serverCpuUsPerDelivery / $one.serverCpuUsPerDelivery,
					$many.serverCpuUsPerDeliveryAboveIdle / $one.serverCpuUsPerDeliveryAboveIdle]] as $ratios
			| "  ratio, \($k) tasks per stream to 1: \($ratios | map(.[0]) | median | round2) "
			+ "(\($ratios | map(.[0] | round2))), above idle \($ratios | map(.[1]) | median | round2) "
			+ "(\($ratios | map(.[1] | round2)))")
		' "$OUT/cpu.jsonl"
}
{
	summary
	cpu_summary
} | tee "$OUT/summary.txt"
log "results in $OUT"
