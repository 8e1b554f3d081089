#!/usr/bin/env bash
# Compares two ssegate nodes on one Redis with two Nginx + Nchan nodes on one Redis, with the
# independent Node probe bench/probe/probe.mjs (see its header for what it measures): all SSE
# streams on node 2, publishes over HTTP to node 1 at a fixed rate, warm-up then measured
# phase, CPU per delivery (servers + Redis), latency, lost/duplicated/reordered events, and
# the time to steady state from 2-second windows over the whole run.
#
#   bench/probe.sh [--jar PATH]
#
# --jar   the gateway jar (default gateway/target/gateway.jar); it is not built here: build it
#         with ./mvnw -q -pl gateway -am package -DskipTests. It is copied before use.
#
# Environment:
#   PROBE_SYSTEMS            systems, in order; the first is the ratios' reference (default "nchan ssegate");
#                            NAME=JAR runs ssegate from another jar under that name, to compare two
#                            builds in one run, e.g. "nchan ssegate-base=/tmp/base.jar ssegate";
#                            NAME=- runs this build's jar under that name (with its own arguments, below)
#   PROBE_WARMUP_SECONDS     warm-up (default 30)
#   PROBE_SECONDS            measured phase (default 20)
#   PROBE_RATE               publishes per second, over all tasks (default 2000)
#   PROBE_TASKS              tasks (default 200)
#   PROBE_STREAMS_PER_TASK   streams per task, all on node 2 (default 10)
#   PROBE_JAVA_OPTS          JVM options of each gateway node (default "-Xmx1g -XX:+ExitOnOutOfMemoryError")
#   PROBE_GATEWAY_ARGS       more arguments for every gateway node, e.g. "--ssegate.stream.max-streams=20000"
#   PROBE_GATEWAY_ARGS_<NAME> more arguments for the nodes of system NAME only ('-' in NAME as '_'), to
#                            compare settings in one run, e.g. PROBE_SYSTEMS="ssegate ssegate-traced=-" and
#                            PROBE_GATEWAY_ARGS_ssegate_traced="--management.tracing.sampling.probability=1.0"
#   PROBE_AOT_CACHE_<NAME>   "off": the nodes of system NAME run without the jar's AOT cache (bin/aot-cache),
#                            e.g. PROBE_SYSTEMS="ssegate ssegate-jit=-" and PROBE_AOT_CACHE_ssegate_jit=off
#   PROBE_ARGS               more options of probe.mjs run, e.g. "--catch-up" or "--window 1"
#
# Results go to bench/results/probe-<UTC timestamp>/: probe.jsonl (one JSON line per system,
# with its windows), table.md, logs/. Needs node (20+), redis-server, nginx with the Nchan
# module, a Java 21+ (found like bin/lib.sh's find_java). Stops every process it started.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT="$PWD"
# shellcheck source=bin/lib.sh
source "$ROOT/bin/lib.sh"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
LOG_CLOCK_START=$SECONDS

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}

JAR="$ROOT/gateway/target/gateway.jar"
while (($#)); do
	case $1 in
		--jar)
			(($# >= 2)) || usage
			JAR=$2
			shift 2
			;;
		-h | --help) usage 0 ;;
		*) usage ;;
	esac
done

SYSTEMS=${PROBE_SYSTEMS:-"nchan ssegate"}
WARMUP=${PROBE_WARMUP_SECONDS:-30}
MEASURE=${PROBE_SECONDS:-20}
RATE=${PROBE_RATE:-2000}
TASKS=${PROBE_TASKS:-200}
STREAMS_PER_TASK=${PROBE_STREAMS_PER_TASK:-10}
JAVA_OPTS=${PROBE_JAVA_OPTS:-"-Xmx1g -XX:+ExitOnOutOfMemoryError"}
GATEWAY_EXTRA_ARGS=()
read -r -a GATEWAY_EXTRA_ARGS <<<"${PROBE_GATEWAY_ARGS:-}"
PROBE_EXTRA_ARGS=()
read -r -a PROBE_EXTRA_ARGS <<<"${PROBE_ARGS:-}"

# --- Prerequisites -------------------------------------------------------------------------

[[ -f $JAR ]] || die "no gateway jar at $JAR: build it (./mvnw -q -pl gateway -am package -DskipTests) or pass --jar PATH"
command -v node >/dev/null || die "node (20+) not found"
command -v redis-server >/dev/null || die "redis-server not found"
command -v nginx >/dev/null || die "nginx not found"
NCHAN_MODULE="$(find_nchan)" || die "ngx_nchan_module.so not found (Debian: apt-get install libnginx-mod-nchan)"
JAVA="$(find_java)"
# cluster.sh takes the same Java through JAVA_HOME.
JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
export JAVA_HOME

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 20000 2>/dev/null || true
(($(ulimit -n) >= TASKS * STREAMS_PER_TASK + 1000)) || die "open files limit $(ulimit -n) is too low"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
readonly OUT="$ROOT/bench/results/probe-$STAMP"
mkdir -p "$OUT/logs"
WORK="$(mktemp -d /tmp/ssegate-probe.XXXXXX)"
readonly WORK
cp "$JAR" "$WORK/gateway.jar"
# The jar's AOT cache (bin/aot-cache) goes with it: the nodes use it (see PROBE_AOT_CACHE_<NAME>).
if aot="$(gateway_aot_dir "$JAR")"; then
	cp -rp "$aot" "$WORK/aot"
fi

# --- Processes: everything started here is stopped on exit ----------------------------------

PIDS=()
CLUSTER_DIR=""

cleanup() {
	local pid
	for pid in ${PIDS[@]+"${PIDS[@]}"}; do
		stop_pid "$pid"
	done
	if [[ -n $CLUSTER_DIR ]]; then
		SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" "$ROOT/deploy/local/cluster.sh" stop >/dev/null 2>&1 || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops the given pids, started by this script, and forgets them.
stop_started() {
	local pid keep=() stopped=" $* "
	for pid in "$@"; do
		stop_pid "$pid"
	done
	for pid in ${PIDS[@]+"${PIDS[@]}"}; do
		[[ $stopped == *" $pid "* ]] || keep+=("$pid")
	done
	PIDS=(${keep[@]+"${keep[@]}"})
}

probe() {
	local system=$1
	shift
	log "probe: $system"
	node "$ROOT/bench/probe/probe.mjs" run --system "$system" --tasks "$TASKS" \
		--streams-per-task "$STREAMS_PER_TASK" --rate "$RATE" --warmup "$WARMUP" --seconds "$MEASURE" \
		--clk-tck "$(getconf CLK_TCK)" --out "$OUT/probe.jsonl" \
		${PROBE_EXTRA_ARGS[@]+"${PROBE_EXTRA_ARGS[@]}"} "$@" 2>&1 | tee -a "$OUT/logs/probe.log" >&2
}

# --- Nchan: two nginx nodes on one redis-server ---------------------------------------------

run_nchan() {
	local redis_port redis_pid
	free_port
	redis_port=$PORT
	mkdir -p "$WORK/redis-nchan"
	redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$WORK/redis-nchan" \
		>"$OUT/logs/nchan-redis.log" 2>&1 &
	redis_pid=$!
	PIDS+=("$redis_pid")
	await_port "$redis_port" "$redis_pid" "redis-server"
	start_nchan_nodes "$redis_port" "$NCHAN_MODULE"
	probe nchan --subscribe "http://127.0.0.1:${NCHAN_PORTS[1]}/sub/{task}" \
		--publish "http://127.0.0.1:${NCHAN_PORTS[0]}/pub/{task}" --publish-format text \
		--server-pids "${NCHAN_PIDS[0]},${NCHAN_PIDS[1]}" --redis-pids "$redis_pid"
	stop_started "${NCHAN_PIDS[@]}" "$redis_pid"
	for i in 1 2; do
		cp "$WORK/nchan-$i/error.log" "$OUT/logs/nchan-$i-error.log" 2>/dev/null || true
	done
}

# --- ssegate: two gateway nodes on one redis-server, by deploy/local/cluster.sh -------------
# Every stream is on node 2 on purpose, opened on its port without the load balancer: rebalancing
# is off, since node 2 would end its excess streams every few seconds only to have them come back
# (3300 reconnects and a p99 of 300-600 ms in a 65 s run with it on).

run_ssegate() {
	local name=$1 jar=$2 attempt lb_port redis_port node_port log_file own_args_var own_aot_var
	local -a own_args
	own_args_var="PROBE_GATEWAY_ARGS_${name//-/_}"
	read -r -a own_args <<<"${!own_args_var:-}"
	own_aot_var="PROBE_AOT_CACHE_${name//-/_}"
	CLUSTER_DIR="$WORK/cluster"
	for attempt in 1 2 3; do
		free_port
		lb_port=$PORT
		free_port
		redis_port=$PORT
		free_port
		node_port=$PORT
		NEXT_PORT=$((NEXT_PORT + 10))
		log "starting 2 ssegate nodes (ports $node_port, $((node_port + 1)); redis $redis_port)"
		if SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" SSEGATE_JAVA_OPTS="$JAVA_OPTS" SSEGATE_AOT_CACHE="${!own_aot_var:-on}" \
			"$ROOT/deploy/local/cluster.sh" start --nodes 2 --port "$lb_port" --redis-port "$redis_port" \
			--node-port "$node_port" --jar "$jar" -- --ssegate.demo.enabled=false --ssegate.rebalance.enabled=false \
			--logging.level.root=WARN ${GATEWAY_EXTRA_ARGS[@]+"${GATEWAY_EXTRA_ARGS[@]}"} \
			${own_args[@]+"${own_args[@]}"} >>"$OUT/logs/cluster.log" 2>&1; then
			break
		fi
		# Another process may have taken a port in the meantime: try other ports.
		SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" "$ROOT/deploy/local/cluster.sh" stop >/dev/null 2>&1 || true
		((attempt < 3)) || {
			tail -30 "$OUT/logs/cluster.log" >&2
			die "deploy/local/cluster.sh start failed"
		}
		log "cluster.sh start failed (attempt $attempt), trying other ports"
	done
	local node1 node2 redis_pid port1 port2
	node1="$(<"$CLUSTER_DIR/node-1.pid")"
	node2="$(<"$CLUSTER_DIR/node-2.pid")"
	redis_pid="$(<"$CLUSTER_DIR/redis.pid")"
	port1="$(<"$CLUSTER_DIR/node-1.port")"
	port2="$(<"$CLUSTER_DIR/node-2.port")"
	probe "$name" --subscribe "http://127.0.0.1:$port2/sse/register?taskId={task}" \
		--publish "http://127.0.0.1:$port1/api/tasks/{task}/events" --publish-format json \
		--server-pids "$node1,$node2" --redis-pids "$redis_pid"
	SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" "$ROOT/deploy/local/cluster.sh" stop >>"$OUT/logs/cluster.log" 2>&1 || true
	for log_file in "$CLUSTER_DIR"/node-*.log; do
		cp "$log_file" "$OUT/logs/$name-$(basename "$log_file")" 2>/dev/null || true
	done
	CLUSTER_DIR=""
}

# --- Run -------------------------------------------------------------------------------------

{
	echo "date: $(date -u +%FT%TZ)"
	echo "cpu: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "node: $(node --version); java: $("$JAVA" -version 2>&1 | head -1); $(nginx -v 2>&1); $(redis-server --version | cut -d' ' -f1-3)"
	echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "systems: $SYSTEMS; tasks $TASKS x $STREAMS_PER_TASK streams; rate $RATE/s; warm-up $WARMUP s; measured $MEASURE s"
} >"$OUT/machine.txt"
log "results: $OUT; java: $JAVA; open files: $(ulimit -n)"

for system in $SYSTEMS; do
	case $system in
		nchan) run_nchan ;;
		ssegate) run_ssegate ssegate "$WORK/gateway.jar" ;;
		*=-) run_ssegate "${system%%=*}" "$WORK/gateway.jar" ;;
		*=*) run_ssegate "${system%%=*}" "${system#*=}" ;;
		*) die "unknown system $system (nchan, ssegate, NAME=JAR, NAME=-)" ;;
	esac
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
node "$ROOT/bench/probe/probe.mjs" table "$OUT/probe.jsonl" --reference "${SYSTEMS%% *}" >"$OUT/table.md"
log "done in $((SECONDS - LOG_CLOCK_START)) s; results in $OUT"
echo
cat "$OUT/table.md"
