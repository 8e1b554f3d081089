#!/usr/bin/env bash
# Runs the whole benchmark comparison in one go, in about 10 minutes on 2 cores, and prints
# the Markdown table that goes into BENCHMARKS.md. Every system runs in the same run, one
# after the other, so that the table can be read as ratios on a noisy, shared machine.
#
#   bench/run.sh                 build, then: floor, JMH, nchan-2, ssegate-1, ssegate-2 (+ storm),
#                                storms (admission off and on), rolling, naive
#   BENCH_QUICK=1 bench/run.sh   a 3-minute smoke run with small sizes
#   BENCH_SYSTEMS="ssegate-2 ssegate-2-cluster" BENCH_SKIP_JMH=1 bench/run.sh
#                                one Redis against a Redis Cluster of 3 masters + 3 replicas
#                                (bench/cluster-bus.sh measures the cluster's Redis side alone)
#
# Results go to bench/results/<UTC timestamp>/: results.jsonl (one JSON line per run),
# jmh.json, table.md (the tables), machine.txt, logs/.
#
# Environment:
#   BENCH_SYSTEMS       systems to run, in order (default "nchan-2 ssegate-1 ssegate-2 storms rolling naive");
#                       the first one's highest rates are the reference rates of the others;
#                       also ssegate-2-cluster: ssegate-2 on a Redis Cluster (no storm);
#                       storms: the storm again on fresh nodes, streams honoring retry: as
#                       EventSource does, with admission control off, then on;
#                       rolling: 3 nodes (rebalancing on) restarted in turn by cluster.sh restart
#   BENCH_SKIP_BUILD=1  use what is built already
#   BENCH_SKIP_JMH=1    no JMH
#   BENCH_STEP_SECONDS  publishing time of each measured step (default 2)
#   BENCH_GATEWAY_ARGS  more arguments for every gateway node
#   BENCH_BASELINE_JAR  another gateway jar (with its AOT cache beside it, if any), e.g. one
#                       built from an earlier commit in a git worktree: a system named with
#                       "-before" (ssegate-1-before, ssegate-2-before, rolling-before) runs it,
#                       so that before and after are measured in the same run
#
# Needs (installed when missing and running as root): nginx, libnginx-mod-nchan, redis-server,
# redis-tools, curl; a JDK 21+ (found under /usr/lib/jvm). Runs the ssegate nodes with
# deploy/local/cluster.sh. Stops every process it started, also on failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT="$PWD"
# shellcheck source=bin/lib.sh
source "$ROOT/bin/lib.sh"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
STARTED_AT=$SECONDS
LOG_CLOCK_START=$STARTED_AT
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
readonly OUT="$ROOT/bench/results/$STAMP"
WORK="$(mktemp -d /tmp/ssegate-bench.XXXXXX)"
readonly WORK
mkdir -p "$OUT/logs"

QUICK=${BENCH_QUICK:-0}
SYSTEMS=${BENCH_SYSTEMS:-"nchan-2 ssegate-1 ssegate-2 storms rolling naive"}
STEP_SECONDS=${BENCH_STEP_SECONDS:-2}
if ((QUICK)); then
	STREAMS="200,1000"
	TASKS=100
	WIDE=(--wide-tasks 2 --wide-subscribers 500)
	STORM_STREAMS=400
	ROLLING_STREAMS=600
	STEP_SECONDS=${BENCH_STEP_SECONDS:-1}
else
	STREAMS="1000,5000,10000"
	TASKS=1000
	WIDE=(--wide-tasks 10 --wide-subscribers 1000)
	STORM_STREAMS=10000
	ROLLING_STREAMS=6000
fi

# --- Processes: everything started here is stopped on exit, by pid -----------

PIDS=()
CLUSTERS=()

cleanup() {
	local pid dir
	for pid in ${PIDS[@]+"${PIDS[@]}"}; do
		stop_pid "$pid"
	done
	for dir in ${CLUSTERS[@]+"${CLUSTERS[@]}"}; do
		SSEGATE_CLUSTER_DIR="$dir" "$ROOT/deploy/local/cluster.sh" stop >/dev/null 2>&1 || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Prerequisites -------------------------------------------------------------

install_missing() {
	local packages=()
	command -v nginx >/dev/null || packages+=(nginx)
	find_nchan >/dev/null || packages+=(libnginx-mod-nchan)
	command -v redis-server >/dev/null || packages+=(redis-server)
	command -v redis-benchmark >/dev/null || packages+=(redis-tools)
	command -v curl >/dev/null || packages+=(curl)
	((${#packages[@]})) || return 0
	((EUID == 0)) || die "missing: ${packages[*]} (install them, or run as root)"
	log "installing ${packages[*]}"
	apt_install "${packages[@]}" >/dev/null
}

install_missing
JAVA="$(find_java)"
readonly JAVA
JCMD="$(dirname "$JAVA")/jcmd"
readonly JCMD
NCHAN_MODULE="$(find_nchan)" || die "ngx_nchan_module.so not found"
readonly NCHAN_MODULE
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 20000 2>/dev/null || true
log "java: $JAVA; open files: $(ulimit -n); results: $OUT"

{
	echo "date: $(date -u +%FT%TZ)"
	echo "host: $(uname -srmo)"
	echo "cpu: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "open files: $(ulimit -n)"
	echo "java: $("$JAVA" -version 2>&1 | head -1)"
	echo "nginx: $(nginx -v 2>&1), nchan: $(dpkg-query -W -f '${Version}' libnginx-mod-nchan 2>/dev/null || echo '?')"
	echo "redis: $(redis-server --version)"
	echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)')"
} >"$OUT/machine.txt"

# --- Build ---------------------------------------------------------------------

CP="$(build_bench "${BENCH_SKIP_BUILD:-0}" "$OUT/logs/build.log" "$WORK")"
readonly CP
if [[ -n ${BENCH_BASELINE_JAR:-} ]]; then
	mkdir -p "$WORK/before"
	cp "$BENCH_BASELINE_JAR" "$WORK/before/gateway.jar"
	if aot="$(gateway_aot_dir "$BENCH_BASELINE_JAR")"; then
		cp -rp "$aot" "$WORK/before/aot"
	fi
fi

load_tool() {
	"$JAVA" -Xms256m -Xmx1g -XX:+UseParallelGC -cp "$CP" io.ssegate.bench.load.LoadTool "$@"
}

# --- Systems ---------------------------------------------------------------------

# Server and JVM settings of the Java servers, all from the command line: the gateway runs on
# Jetty, the naive service on Tomcat (as the seed design does).
readonly JAVA_SERVER_OPTS="-Xmx3g -XX:+ExitOnOutOfMemoryError"
TOMCAT_ARGS=(--server.tomcat.max-connections=20000 --server.tomcat.accept-count=4096
	--server.tomcat.max-keep-alive-requests=-1 --server.tomcat.keep-alive-timeout=10m
	--server.max-http-request-header-size=4KB --server.tomcat.max-http-response-header-size=1KB
	--logging.level.root=WARN)
# Rebalancing is off but in the rolling restart: the suites put every stream on one node on purpose
# and open them on its port, without the load balancer, so a node ending its excess streams would
# only have them come back.
BASE_GATEWAY_ARGS=(--ssegate.stream.max-streams=20000 --ssegate.demo.enabled=false
	--server.jetty.max-connections=20000 --server.max-http-request-header-size=4KB
	--server.jetty.max-http-response-header-size=1KB --logging.level.root=WARN)
# shellcheck disable=SC2206
BASE_GATEWAY_ARGS+=(${BENCH_GATEWAY_ARGS:-})
GATEWAY_ARGS=("${BASE_GATEWAY_ARGS[@]}" --ssegate.rebalance.enabled=false)

REDIS_PORT=""
REDIS_PID=""
start_redis() {
	free_port
	REDIS_PORT=$PORT
	mkdir -p "$WORK/redis"
	redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK/redis" \
		>"$OUT/logs/redis.log" 2>&1 &
	REDIS_PID=$!
	PIDS+=("$REDIS_PID")
	await_port "$REDIS_PORT" "$REDIS_PID" "redis-server"
}

stop_redis() {
	stop_pid "$REDIS_PID"
}

# Two nginx nodes with Nchan on one Redis: publish on the first, subscribe on the second.
start_nchan() {
	start_nchan_nodes "$REDIS_PORT" "$NCHAN_MODULE"
}

stop_nchan() {
	local pid
	for pid in "${NCHAN_PIDS[@]}"; do
		stop_pid "$pid"
	done
	cp "$WORK"/nchan-*/error.log "$OUT/logs/" 2>/dev/null || true
}

# ssegate nodes on one Redis behind nginx, started by deploy/local/cluster.sh; with
# --redis-cluster, on a Redis Cluster (6 nodes from REDIS_PORT, REDIS_PID lists them all).
NODE_PORTS=()
NODE_PIDS=()
LB_PORT=""
CLUSTER_DIR=""
GATEWAY_JAR="$WORK/gateway.jar"
start_ssegate() {
	local nodes=$1 i port attempt redis_options=("${@:2}") redis_ports=1
	((${#redis_options[@]})) && redis_ports=6
	NODE_PORTS=()
	NODE_PIDS=()
	CLUSTER_DIR="$WORK/cluster-$nodes${redis_options[*]}"
	CLUSTERS+=("$CLUSTER_DIR")
	for attempt in 1 2 3; do
		free_port
		LB_PORT=$PORT
		free_port
		REDIS_PORT=$PORT
		NEXT_PORT=$((NEXT_PORT + redis_ports - 1))
		free_port
		port=$PORT
		NEXT_PORT=$((NEXT_PORT + nodes + 10))
		if SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" SSEGATE_JAVA_OPTS="$JAVA_SERVER_OPTS" \
			SSEGATE_NGINX_WORKER_CONNECTIONS=20000 \
			"$ROOT/deploy/local/cluster.sh" start --nodes "$nodes" --port "$LB_PORT" --redis-port "$REDIS_PORT" \
			${redis_options[@]+"${redis_options[@]}"} \
			--node-port "$port" --jar "$GATEWAY_JAR" -- "${GATEWAY_ARGS[@]}" \
			>"$OUT/logs/cluster-$nodes.log" 2>&1; then
			break
		fi
		# Another process may have taken a port in the meantime: try other ports.
		((attempt < 3)) || {
			tail -30 "$OUT/logs/cluster-$nodes.log" >&2
			die "deploy/local/cluster.sh start failed"
		}
		log "cluster.sh start failed (attempt $attempt), trying other ports"
	done
	if [[ -f $CLUSTER_DIR/redis.pid ]]; then
		REDIS_PID="$(<"$CLUSTER_DIR/redis.pid")"
	else
		REDIS_PID="$(cat "$CLUSTER_DIR"/redis-*.pid | paste -sd,)"
	fi
	for ((i = 1; i <= nodes; i++)); do
		NODE_PORTS+=("$(<"$CLUSTER_DIR/node-$i.port")")
		NODE_PIDS+=("$(<"$CLUSTER_DIR/node-$i.pid")")
	done
}

stop_ssegate() {
	SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" "$ROOT/deploy/local/cluster.sh" stop >/dev/null 2>&1 || true
	cp "$CLUSTER_DIR"/node-*.log "$OUT/logs/" 2>/dev/null || true
}

NAIVE_PORT=""
NAIVE_PID=""
start_naive() {
	free_port
	NAIVE_PORT=$PORT
	# shellcheck disable=SC2086
	"$JAVA" $JAVA_SERVER_OPTS -cp "$CP" io.ssegate.bench.naive.NaiveSseApplication --server.address=127.0.0.1 \
		--server.port="$NAIVE_PORT" "${TOMCAT_ARGS[@]}" >"$OUT/logs/naive.log" 2>&1 &
	NAIVE_PID=$!
	PIDS+=("$NAIVE_PID")
	await_port "$NAIVE_PORT" "$NAIVE_PID" "naive service"
}

# --- Scenarios -------------------------------------------------------------------

REF_ARGS=()
# The reference rates: the first system's highest sustained rates, read from its results.
set_reference() {
	local system=$1 many wide
	many="$(grep "\"system\":\"$system\",\"scenario\":\"many-tasks\"" "$OUT/results.jsonl" | grep '"phase":"max"' |
		sed -E 's/.*"rate":([0-9.Ee+-]+).*/\1/' | tail -1 || true)"
	wide="$(grep "\"system\":\"$system\",\"scenario\":\"wide\"" "$OUT/results.jsonl" | grep '"phase":"max"' |
		sed -E 's/.*"rate":([0-9.Ee+-]+).*/\1/' | tail -1 || true)"
	REF_ARGS=()
	[[ -n $many ]] && REF_ARGS+=(--ref-many "$many")
	[[ -n $wide ]] && REF_ARGS+=(--ref-wide "$wide")
	log "reference rates from $system: many-tasks ${many:-?}/s, wide ${wide:-?}/s"
}

suite() {
	local system=$1
	shift
	log "suite: $system"
	load_tool suite --system "$system" --out "$OUT/results.jsonl" --jcmd "$JCMD" --streams "$STREAMS" \
		--tasks "$TASKS" "${WIDE[@]}" --step-seconds "$STEP_SECONDS" ${REF_ARGS[@]+"${REF_ARGS[@]}"} "$@" \
		2>&1 | tee -a "$OUT/logs/load-tool.log"
}

floor() {
	log "floor: loopback writes, redis-benchmark"
	start_redis
	load_tool floor --out "$OUT/results.jsonl" --redis-port "$REDIS_PORT" 2>&1 | tee -a "$OUT/logs/load-tool.log"
	stop_redis
}

jmh() {
	[[ ${BENCH_SKIP_JMH:-0} == 1 ]] && return
	log "JMH: frame encoding, envelope decoding, fan-out"
	"$JAVA" -cp "$CP" org.openjdk.jmh.Main -f 1 -wi 1 -w 1 -i 2 -r 1 -rf json -rff "$OUT/jmh.json" \
		>"$OUT/logs/jmh.log" 2>&1 ||
		die "JMH failed (see $OUT/logs/jmh.log)"
	grep -E '^(Benchmark|[A-Za-z].*(avgt|thrpt))' "$OUT/logs/jmh.log" >&2 || true
}

run_system() {
	local name=$1
	GATEWAY_JAR="$WORK/gateway.jar"
	if [[ $name == *-before ]]; then
		[[ -f $WORK/before/gateway.jar ]] || die "$name needs BENCH_BASELINE_JAR"
		GATEWAY_JAR="$WORK/before/gateway.jar"
	fi
	case ${name%-before} in
		nchan-2)
			start_redis
			start_nchan
			suite nchan-2 --subscribe "http://127.0.0.1:${NCHAN_PORTS[1]}/sub/{task}" \
				--publish "http://127.0.0.1:${NCHAN_PORTS[0]}/pub/{task}" --publish-format text \
				--server-pids "${NCHAN_PIDS[0]},${NCHAN_PIDS[1]}" --memory-pids "${NCHAN_PIDS[1]}" \
				--redis-pids "$REDIS_PID"
			stop_nchan
			stop_redis
			;;
		ssegate-1)
			start_ssegate 1
			suite "$name" --subscribe "http://127.0.0.1:${NODE_PORTS[0]}/sse/register?taskId={task}" \
				--publish "redis://127.0.0.1:$REDIS_PORT" --server-pids "${NODE_PIDS[0]}" \
				--jvm-pids "${NODE_PIDS[0]}" --redis-pids "$REDIS_PID"
			stop_ssegate
			;;
		ssegate-2)
			start_ssegate 2
			suite "$name" --subscribe "http://127.0.0.1:${NODE_PORTS[1]}/sse/register?taskId={task}" \
				--publish "http://127.0.0.1:${NODE_PORTS[0]}/api/tasks/{task}/events" \
				--server-pids "${NODE_PIDS[0]},${NODE_PIDS[1]}" --memory-pids "${NODE_PIDS[1]}" \
				--jvm-pids "${NODE_PIDS[1]}" --redis-pids "$REDIS_PID"
			storm "$name"
			stop_ssegate
			;;
		ssegate-2-cluster)
			# As ssegate-2, on 3 masters + 3 replicas. No storm: the load tool's notifier-client
			# publisher speaks to one Redis only.
			start_ssegate 2 --redis-cluster
			suite ssegate-2-cluster --subscribe "http://127.0.0.1:${NODE_PORTS[1]}/sse/register?taskId={task}" \
				--publish "http://127.0.0.1:${NODE_PORTS[0]}/api/tasks/{task}/events" \
				--server-pids "${NODE_PIDS[0]},${NODE_PIDS[1]}" --memory-pids "${NODE_PIDS[1]}" \
				--jvm-pids "${NODE_PIDS[1]}" --redis-pids "$REDIS_PID"
			stop_ssegate
			;;
		storms)
			# EventSource waits the last retry: it got before it reconnects: 0 here (the
			# reconnect delay), so that the killed node's streams come back at once, as in the
			# storm above, and a node turning opens away spreads them out.
			local admission
			for admission in false true; do
				GATEWAY_ARGS=("${BASE_GATEWAY_ARGS[@]}" --ssegate.rebalance.enabled=false
					--ssegate.stream.reconnect-delay=0s --ssegate.admission.enabled=$admission)
				start_ssegate 2
				storm "ssegate-2-admission-$([[ $admission == true ]] && echo on || echo off)" --honor-retry true
				stop_ssegate
			done
			GATEWAY_ARGS=("${BASE_GATEWAY_ARGS[@]}" --ssegate.rebalance.enabled=false)
			;;
		rolling)
			GATEWAY_ARGS=("${BASE_GATEWAY_ARGS[@]}")
			start_ssegate 3
			rolling "$name"
			stop_ssegate
			GATEWAY_ARGS=("${BASE_GATEWAY_ARGS[@]}" --ssegate.rebalance.enabled=false)
			;;
		naive)
			# Restarted before the wide fan-out: it never notices that the 10k streams of the first
			# part went away (no heartbeat, so nothing is ever written to them), and they would keep
			# the open-files limit full.
			start_naive
			suite naive --scenarios idle,many-tasks --subscribe "http://127.0.0.1:$NAIVE_PORT/sse/register?taskId={task}" \
				--publish "http://127.0.0.1:$NAIVE_PORT/api/tasks/{task}/events" \
				--server-pids "$NAIVE_PID" --jvm-pids "$NAIVE_PID"
			stop_pid "$NAIVE_PID"
			start_naive
			suite naive --scenarios wide --subscribe "http://127.0.0.1:$NAIVE_PORT/sse/register?taskId={task}" \
				--publish "http://127.0.0.1:$NAIVE_PORT/api/tasks/{task}/events" \
				--server-pids "$NAIVE_PID" --jvm-pids "$NAIVE_PID"
			stop_pid "$NAIVE_PID"
			;;
		*) die "unknown system $name" ;;
	esac
}

# Streams spread over both nodes through the load balancer; the second node is killed with
# SIGKILL, its streams resume on the first.
storm() {
	local system=${1:-ssegate-2}
	log "reconnect storm ($system): kill -9 node 2 (pid ${NODE_PIDS[1]})"
	load_tool storm --system "$system" --out "$OUT/results.jsonl" \
		--subscribe "http://127.0.0.1:$LB_PORT/sse/register?taskId={task}" \
		--publish "redis://127.0.0.1:$REDIS_PORT" --kill-pid "${NODE_PIDS[1]}" --streams "$STORM_STREAMS" \
		--tasks $((STORM_STREAMS / 10)) --rate 200 "${@:2}" 2>&1 | tee -a "$OUT/logs/load-tool.log"
}

# Streams through the load balancer on three nodes; cluster.sh restarts each node in turn as a
# deploy does (SIGTERM, drain, exit, start, ready, 5 s, the next one), while events are published.
rolling() {
	local system=$1 i metrics=()
	for ((i = 1; i <= ${#NODE_PORTS[@]}; i++)); do
		metrics+=(--metrics "http://127.0.0.1:$(<"$CLUSTER_DIR/node-$i.management-port")/actuator/prometheus")
	done
	log "rolling restart of ${#NODE_PORTS[@]} nodes, $ROLLING_STREAMS streams"
	load_tool rolling --system "$system" --out "$OUT/results.jsonl" \
		--subscribe "http://127.0.0.1:$LB_PORT/sse/register?taskId={task}" \
		--publish "redis://127.0.0.1:$REDIS_PORT" --streams "$ROLLING_STREAMS" --tasks $((ROLLING_STREAMS / 10)) \
		--rate 200 "${metrics[@]}" \
		--restart-command "SSEGATE_CLUSTER_DIR='$CLUSTER_DIR' '$ROOT/deploy/local/cluster.sh' restart --pause 5" \
		2>&1 | tee -a "$OUT/logs/load-tool.log"
}

floor
jmh
first=""
for system in $SYSTEMS; do
	run_system "$system"
	if [[ -z $first ]]; then
		first=$system
		set_reference "$first"
	fi
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
load_tool report --dir "$OUT" --reference "${SYSTEMS%% *}" >"$OUT/table.md"
log "done in $((SECONDS - STARTED_AT)) s; results in $OUT"
cat "$OUT/machine.txt"
echo
cat "$OUT/table.md"
