#!/usr/bin/env bash
# The chaos soak: three gateway nodes behind nginx on one Redis (deploy/local/cluster.sh), 2000
# streams following 200 tasks through the balancer, 200 events/s published with notifier-client,
# while nodes are SIGKILLed and SIGTERMed (and restarted), paused with SIGSTOP longer than the
# heartbeat, and Redis is restarted with its data (SHUTDOWN SAVE) and once without (SHUTDOWN
# NOSAVE, files deleted). Prints the figures: events published, delivered, lost (silently, or
# announced by a gap signal), duplicated, reordered; the gap signals and whether each came where
# its task's history was lost; the longest time a stream was without its events; node 1's memory
# at the start and the end. Exits 1 when something was lost silently, duplicated or reordered, or
# a gap signal was missing or out of place.
#
#   bench/soak.sh                    10 minutes, random actions every 15 s, one restart of Redis
#                                    without data in the second half
#   bench/soak.sh --duration 60      one minute
#   bench/soak.sh --duration 120 -- --actions kill,term,pause,redis-save,redis-wipe --interval 10
#                                    arguments after "--" go to the soak driver (ChaosSoak)
#
# Options: --duration SECONDS (600), --streams N (2000), --tasks N (200), --rate EVENTS_PER_S (200),
# --port/--redis-port/--node-port (nginx, Redis, first node; free ports by default).
# The driver's other options (--quiet-tasks, --interval, --pause-seconds, --actions, --seed) are
# in the javadoc of bench/src/main/java/io/ssegate/bench/load/ChaosSoak.java.
#
# Results go to bench/results/soak-<UTC timestamp>/: soak.jsonl (the figures as one JSON line),
# soak.txt (what it printed, progress included), logs/ (the cluster's logs).
#
# Environment:
#   SOAK_SKIP_BUILD=1   use what is built already (gateway/target/gateway.jar, bench/target)
#   SOAK_HEARTBEAT      the nodes' heartbeat interval (default 5s; a paused node stops for
#                       --pause-seconds, 8 s by default, longer than that)
#   SOAK_GATEWAY_ARGS   more arguments for every node
#
# Needs: redis-server, nginx, curl, a JDK 21+ (as deploy/local/cluster.sh and bench/run.sh).
# Stops every process it started, also on failure.
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

DURATION=600
STREAMS=2000
TASKS=200
RATE=200
LB_PORT=""
REDIS_PORT=""
NODE_PORT=""
DRIVER_ARGS=()
while (($# > 0)); do
	case $1 in
		--duration) DURATION=${2:?}; shift 2 ;;
		--streams) STREAMS=${2:?}; shift 2 ;;
		--tasks) TASKS=${2:?}; shift 2 ;;
		--rate) RATE=${2:?}; shift 2 ;;
		--port) LB_PORT=${2:?}; shift 2 ;;
		--redis-port) REDIS_PORT=${2:?}; shift 2 ;;
		--node-port) NODE_PORT=${2:?}; shift 2 ;;
		--) shift; DRIVER_ARGS=("$@"); break ;;
		-h | --help) usage 0 ;;
		*) log "unknown option: $1"; usage ;;
	esac
done

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
readonly OUT="$ROOT/bench/results/soak-$STAMP"
WORK="$(mktemp -d /tmp/ssegate-soak.XXXXXX)"
readonly WORK
readonly CLUSTER_DIR="$WORK/cluster"
mkdir -p "$OUT/logs"

cleanup() {
	SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" "$ROOT/deploy/local/cluster.sh" stop >/dev/null 2>&1 || true
	if [[ -d $CLUSTER_DIR ]]; then
		cp "$CLUSTER_DIR"/*.log "$OUT/logs/" 2>/dev/null || true
		cp "$CLUSTER_DIR"/nginx/logs/error.log "$OUT/logs/nginx-error.log" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in redis-server curl; do
	command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install -y redis-server nginx curl)"
done
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || die "nginx not found (Debian: apt-get install -y nginx)"
JAVA="$(find_java)"
readonly JAVA
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 20000 2>/dev/null || true

CP="$(build_bench "${SOAK_SKIP_BUILD:-0}" "$OUT/logs/build.log" "$WORK")"

# Free ports unless given: nginx, Redis, then one per node.
[[ -n $LB_PORT ]] || { free_port; LB_PORT=$PORT; }
[[ -n $REDIS_PORT ]] || { free_port; REDIS_PORT=$PORT; }
if [[ -z $NODE_PORT ]]; then
	free_port
	NODE_PORT=$PORT
	NEXT_PORT=$((NODE_PORT + 3))
fi

GATEWAY_ARGS=(--ssegate.stream.heartbeat-interval="${SOAK_HEARTBEAT:-5s}" --ssegate.drain.grace-period=10s)
read -r -a EXTRA_ARGS <<<"${SOAK_GATEWAY_ARGS:-}"
log "starting 3 nodes, Redis and nginx on port $LB_PORT"
SSEGATE_CLUSTER_DIR="$CLUSTER_DIR" JAVA_HOME="$(dirname "$(dirname "$JAVA")")" \
	"$ROOT/deploy/local/cluster.sh" start --nodes 3 --port "$LB_PORT" --redis-port "$REDIS_PORT" \
	--node-port "$NODE_PORT" -- "${GATEWAY_ARGS[@]}" ${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"} \
	>"$OUT/logs/cluster-start.log" 2>&1 || {
	tail -40 "$OUT/logs/cluster-start.log" >&2
	die "deploy/local/cluster.sh start failed"
}

log "soak: $DURATION s, $STREAMS streams over $TASKS tasks, $RATE events/s; results in $OUT"
status=0
"$JAVA" -Xms256m -Xmx1g -cp "$CP" io.ssegate.bench.load.ChaosSoak --cluster-dir "$CLUSTER_DIR" \
	--seconds "$DURATION" --streams "$STREAMS" --tasks "$TASKS" --rate "$RATE" --out "$OUT/soak.jsonl" \
	${DRIVER_ARGS[@]+"${DRIVER_ARGS[@]}"} 2>&1 | tee "$OUT/soak.txt" || status=$?
log "done in $((SECONDS - LOG_CLOCK_START)) s: $OUT"
exit "$status"
