#!/usr/bin/env bash
# What Redis Cluster costs ssegate's publishing, measured with redis-server and redis-benchmark
# alone (no Java build), in about 100 s on 2 cores:
#
# 1. The cluster bus: classic PUBLISH, which a cluster broadcasts to every node, against
#    SPUBLISH, which goes to the nodes of the channel's shard only; with 1, 3 and 6 masters,
#    without and with one replica each.
# 2. ssegate's publish script (history.lua + publish.lua, as notifier-client sends it) over 1000
#    tasks on one Redis and on 3 masters, with SPUBLISH ('sharded', what the gateway uses on a
#    cluster) and with PUBLISH; without and with replicas; and once more with subscribers on
#    every task channel, for the cost of delivering to gateway nodes.
#
#   bench/cluster-bus.sh
#
# Every figure is a delta of the servers' own counters over one redis-benchmark run, summed over
# the nodes: CLUSTER INFO cluster_stats_messages_{publish,publishshard}_{sent,received}, INFO cpu
# (used_cpu_sys + used_cpu_user, minus each node's idle rate measured just before), INFO
# commandstats (calls per master, to see how the load spreads) and /proc/<pid>/io wchar (bytes
# written: client replies, cluster bus and replication). Clusters are built by hand (ADDSLOTSRANGE,
# MEET, REPLICATE) because redis-cli --cluster create refuses fewer than 3 masters.
#
# redis-benchmark --cluster spreads its clients over the masters round robin and replaces "{tag}"
# in every argument by a hash tag of a slot of the client's master, so a script's keys and its
# channel stay on one slot. Standalone runs send the same arguments, with "{tag}" left as it is.
#
# Results go to bench/results/<UTC timestamp>-cluster/: results.tsv (one line per run, with the
# load average), nodes.tsv (per node and run), table.md, machine.txt, logs/.
#
# Environment:
#   CLUSTER_BUS_MESSAGES   messages per run (default 100000)
#   CLUSTER_BUS_CLIENTS    redis-benchmark connections (default 24, a multiple of 1, 3 and 6)
#   CLUSTER_BUS_MASTERS    cluster sizes for part 1 (default "1 3 6")
#   CLUSTER_BUS_REPLICAS   replicas per master (default "0 1")
#   CLUSTER_BUS_TASKS      tasks of the publish script runs (default 1000)
#   CLUSTER_BUS_SUBSCRIBERS  subscriber connections per task channel in the runs "+<n>sub", like
#                          gateway nodes that all hold streams of every task (default 4)
#
# Needs redis-server and redis-tools (redis-cli, redis-benchmark) 7.0+. Stops every process it
# started, also on failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT="$PWD"
# shellcheck source=bin/lib.sh
source "$ROOT/bin/lib.sh"
STARTED_AT=$SECONDS
LOG_CLOCK_START=$STARTED_AT
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
readonly OUT="$ROOT/bench/results/$STAMP-cluster"
WORK="$(mktemp -d /tmp/ssegate-cluster-bus.XXXXXX)"
readonly WORK
mkdir -p "$OUT/logs"

readonly MESSAGES=${CLUSTER_BUS_MESSAGES:-100000}
readonly CLIENTS=${CLUSTER_BUS_CLIENTS:-24}
readonly MASTERS_LIST=${CLUSTER_BUS_MASTERS:-"1 3 6"}
readonly REPLICAS_LIST=${CLUSTER_BUS_REPLICAS:-"0 1"}
readonly TASKS=${CLUSTER_BUS_TASKS:-1000}
readonly SUBSCRIBERS=${CLUSTER_BUS_SUBSCRIBERS:-4}
readonly SCRIPT_MASTERS=3
PAYLOAD="$(printf 'x%.0s' {1..100})"
readonly PAYLOAD
# The envelope of Floor.java's script run: 64 bytes of data.
ENVELOPE="{\"version\":1,\"taskId\":\"bench\",\"event\":\"e\",\"data\":\"$(printf 'x%.0s' {1..64})\",\"terminal\":false,\"publishedAt\":1}"
readonly ENVELOPE
readonly SCRIPT="$WORK/publish-script.lua"
cat "$ROOT/protocol/src/main/resources/io/ssegate/protocol/history.lua" \
	"$ROOT/protocol/src/main/resources/io/ssegate/protocol/publish.lua" >"$SCRIPT"

for tool in redis-server redis-cli redis-benchmark; do
	command -v "$tool" >/dev/null || die "$tool not found (Debian: apt-get install redis-server redis-tools)"
done

# --- Processes: everything started here is stopped on exit, by pid -----------

PIDS=()

cleanup() {
	local pid
	for pid in ${PIDS[@]+"${PIDS[@]}"}; do
		stop_pid "$pid"
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Below the kernel's ephemeral ports (32768 and up), bus ports included.
NEXT_PORT=$((10000 + RANDOM % 12000))
# Sets PORT to a free port whose cluster bus port (+10000) is free too.
free_port() {
	while port_in_use "$NEXT_PORT" || port_in_use $((NEXT_PORT + 10000)); do
		NEXT_PORT=$((NEXT_PORT + 1))
	done
	PORT=$NEXT_PORT
	NEXT_PORT=$((NEXT_PORT + 1))
}

# Waits up to 30 s until the command succeeds.
await() {
	local what=$1 i
	shift
	for ((i = 0; i < 300; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	die "timed out waiting for $what"
}

# --- Topologies ------------------------------------------------------------------

TOPOLOGY=""
TOPOLOGY_MASTERS=1
NODE_PORTS=()
NODE_PIDS=()

listening_or_gone() {
	port_in_use "$1" || ! kill -0 "$2" 2>/dev/null
}

# Starts one redis-server with the given extra arguments; appends it to NODE_PORTS/NODE_PIDS.
# Another process may take one of its ports in the meantime: then it tries other ports.
start_node() {
	local dir pid attempt
	for attempt in 1 2 3; do
		free_port
		dir="$WORK/$PORT"
		mkdir -p "$dir"
		redis-server --bind 127.0.0.1 --port "$PORT" --dir "$dir" --save '' --appendonly no \
			--repl-diskless-sync-delay 0 --client-output-buffer-limit 'pubsub 0 0 0' \
			--logfile "$OUT/logs/$TOPOLOGY-$PORT.log" "$@" &
		pid=$!
		PIDS+=("$pid")
		await "redis-server on port $PORT" listening_or_gone "$PORT" "$pid"
		if kill -0 "$pid" 2>/dev/null; then
			NODE_PORTS+=("$PORT")
			NODE_PIDS+=("$pid")
			return
		fi
		log "redis-server on port $PORT exited (attempt $attempt): $(tail -1 "$OUT/logs/$TOPOLOGY-$PORT.log")"
	done
	die "could not start redis-server"
}

stop_topology() {
	local pid
	for pid in "${NODE_PIDS[@]}"; do
		stop_pid "$pid"
	done
	NODE_PORTS=()
	NODE_PIDS=()
}

replica_link_up() {
	redis-cli -p "$1" INFO replication | tr -d '\r' | grep -qx 'master_link_status:up'
}

# One redis-server, with 0 or 1 replica.
start_standalone() {
	local replicas=$1
	TOPOLOGY="standalone-r$replicas"
	TOPOLOGY_MASTERS=1
	start_node
	if ((replicas)); then
		start_node --replicaof 127.0.0.1 "${NODE_PORTS[0]}"
		await "the replica's link" replica_link_up "${NODE_PORTS[1]}"
	fi
}

# Succeeds when every node knows every node, none in handshake or failing.
all_nodes_known() {
	local port
	for port in "${NODE_PORTS[@]}"; do
		(($(redis-cli -p "$port" CLUSTER NODES | awk '$3 !~ /handshake|noaddr|fail/' | wc -l) == ${#NODE_PORTS[@]})) ||
			return 1
	done
}

# Succeeds when the cluster is ok on every node, every node lists every replica, and every
# replica's link to its master is up.
cluster_ready() {
	local masters=$1 replicas=$2 port
	for port in "${NODE_PORTS[@]}"; do
		redis-cli -p "$port" CLUSTER INFO | tr -d '\r' | grep -qx 'cluster_state:ok' || return 1
		(($(redis-cli -p "$port" CLUSTER NODES | awk '$3 ~ /slave/' | wc -l) == masters * replicas)) || return 1
	done
	for port in "${NODE_PORTS[@]:masters}"; do
		replica_link_up "$port" || return 1
	done
}

# A cluster of the given masters, each with the given replicas: NODE_PORTS lists the masters
# first, then the replicas (replica k follows master k % masters).
start_cluster() {
	local masters=$1 replicas=$2 nodes i master_id
	TOPOLOGY="cluster-${masters}x$replicas"
	TOPOLOGY_MASTERS=$masters
	nodes=$((masters * (1 + replicas)))
	for ((i = 0; i < nodes; i++)); do
		start_node --cluster-enabled yes --cluster-config-file "$WORK/nodes-$TOPOLOGY-$i.conf" \
			--cluster-node-timeout 2000
	done
	for ((i = 0; i < masters; i++)); do
		redis-cli -p "${NODE_PORTS[i]}" CLUSTER ADDSLOTSRANGE $((i * 16384 / masters)) \
			$(((i + 1) * 16384 / masters - 1)) >/dev/null
	done
	for ((i = 1; i < nodes; i++)); do
		redis-cli -p "${NODE_PORTS[0]}" CLUSTER MEET 127.0.0.1 "${NODE_PORTS[i]}" >/dev/null
	done
	await "every node to know every node" all_nodes_known
	for ((i = masters; i < nodes; i++)); do
		master_id="$(redis-cli -p "${NODE_PORTS[(i - masters) % masters]}" CLUSTER MYID | tr -d '\r')"
		redis-cli -p "${NODE_PORTS[i]}" CLUSTER REPLICATE "$master_id" >/dev/null
	done
	await "cluster $TOPOLOGY" cluster_ready "$masters" "$replicas"
}

# --- Measurements ----------------------------------------------------------------

# One line per node: port role cpu_us wchar publish_sent publish_received publishshard_sent
# publishshard_received bus_sent bus_received calls errors (calls of the given command).
snapshot() {
	local command=$1 i port
	for i in "${!NODE_PORTS[@]}"; do
		port=${NODE_PORTS[i]}
		{
			redis-cli -p "$port" INFO cpu commandstats stats replication
			redis-cli -p "$port" CLUSTER INFO 2>/dev/null || true
			grep '^wchar:' "/proc/${NODE_PIDS[i]}/io" | tr -d ' '
		} | tr -d '\r' | awk -F: -v port="$port" -v cmd="cmdstat_$command" '
			/^used_cpu_(sys|user):/ { cpu += $2 }
			$1 == cmd { split($2, f, ","); sub(/calls=/, "", f[1]); calls = f[1] }
			$1 == "role" { role = $2 }
			$1 == "total_error_replies" { errors = $2 }
			$1 == "wchar" { wchar = $2 }
			$1 == "cluster_stats_messages_publish_sent" { ps = $2 }
			$1 == "cluster_stats_messages_publish_received" { pr = $2 }
			$1 == "cluster_stats_messages_publishshard_sent" { ss = $2 }
			$1 == "cluster_stats_messages_publishshard_received" { sr = $2 }
			$1 == "cluster_stats_messages_sent" { bs = $2 }
			$1 == "cluster_stats_messages_received" { br = $2 }
			END { printf "%s %s %.0f %d %d %d %d %d %d %d %d %d\n", port, role, cpu * 1e6, wchar, ps, pr, ss, sr, bs, br, calls, errors }'
	done
}

# Each node's CPU time per second while nothing is sent, in "port us_per_s" lines.
IDLE=""
measure_idle() {
	local before after
	before="$(snapshot publish)"
	sleep 1
	after="$(snapshot publish)"
	IDLE="$(paste -d' ' <(echo "$before") <(echo "$after") | awk '{ print $1, $15 - $3 }')"
}

# Runs redis-benchmark with the given command and appends a line to results.tsv and one per
# node to nodes.tsv.
#   run <label> <commandstats name> <tasks> --cluster|--single <command...>
run() {
	local label=$1 counted=$2 tasks=$3 mode=() before after output rate start elapsed load
	[[ $4 == --cluster ]] && mode=(--cluster)
	shift 4
	before="$(snapshot "$counted")"
	start=$EPOCHREALTIME
	output="$(redis-benchmark "${mode[@]}" -p "${NODE_PORTS[0]}" -c "$CLIENTS" -n "$MESSAGES" -r "$tasks" -q "$@" 2>&1)" ||
		die "redis-benchmark failed: $output"
	elapsed="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')"
	after="$(snapshot "$counted")"
	load="$(cut -d' ' -f1 /proc/loadavg)"
	rate="$(grep -o '[0-9.]* requests per second' <<<"$output" | tail -1 | cut -d' ' -f1)"
	[[ -n $rate ]] || die "no rate in the output of redis-benchmark: $output"
	paste -d' ' <(echo "$before") <(echo "$after") | IDLE_RATES="$IDLE" awk -v topology="$TOPOLOGY" -v label="$label" \
		-v elapsed="$elapsed" '
		BEGIN { n = split(ENVIRON["IDLE_RATES"], f, /[ \n]/); for (i = 1; i < n; i += 2) rate[f[i]] = f[i + 1] }
		{
			cpu = $15 - $3 - rate[$1] * elapsed
			printf "%s\t%s\t%s\t%s\t%.0f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", topology, label, $1, $2, cpu, $16 - $4,
				$17 - $5, $18 - $6, $19 - $7, $20 - $8, $21 - $9, $22 - $10, $23 - $11, $24 - $12
		}' >"$WORK/run.tsv"
	cat "$WORK/run.tsv" >>"$OUT/nodes.tsv"
	awk -F'\t' -v topology="$TOPOLOGY" -v label="$label" -v messages="$MESSAGES" -v rate="$rate" \
		-v elapsed="$elapsed" -v load="$load" -v clients="$CLIENTS" -v tasks="$tasks" '
		{
			cpu += $5; wchar += $6; ps += $7; pr += $8; ss += $9; sr += $10; errors += $14
			nodes++
			if ($4 == "master") {
				mcpu += $5; masters++; calls += $13
				share = share sep sprintf("%.0f", 100 * $13 / messages)
				per = per sep sprintf("%.1f", ($13 ? $5 / $13 : 0))
				sep = "/"
			}
			else rcpu += $5
		}
		END {
			printf "%s\t%s\t%d\t%d\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%s\t%s\t%s\n",
				topology, label, masters, nodes, messages, clients, rate, elapsed, cpu / messages, mcpu / messages,
				rcpu / messages, wchar / messages, ps / messages, pr / messages, ss / messages, sr / messages, calls,
				errors, share, per, load
		}' "$WORK/run.tsv" | tee -a "$OUT/results.tsv" >"$WORK/row.tsv"
	log "$TOPOLOGY $label: $(cut -f7 "$WORK/row.tsv")/s, $(cut -f9 "$WORK/row.tsv") us CPU/msg, bus" \
		"$(cut -f13 "$WORK/row.tsv")+$(cut -f15 "$WORK/row.tsv") sent/msg, load $load"
	(($(cut -f17 "$WORK/row.tsv") == MESSAGES)) || log "warning: $(cut -f17 "$WORK/row.tsv") calls counted, not $MESSAGES"
	(($(cut -f18 "$WORK/row.tsv") == 0)) || die "$TOPOLOGY $label: $(cut -f18 "$WORK/row.tsv") error replies"
}

# redis-benchmark --cluster refuses a cluster of one master: that master owns every slot, so
# the commands go to it as they are.
cluster_mode() {
	if ((TOPOLOGY_MASTERS > 1)); then echo --cluster; else echo --single; fi
}

publish_runs() {
	run PUBLISH publish 1000 "$(cluster_mode)" PUBLISH 'ssegate:{tag}__rand_int__:live' "$PAYLOAD"
	[[ $TOPOLOGY == standalone* ]] && return
	run SPUBLISH spublish 1000 "$(cluster_mode)" SPUBLISH 'ssegate:{tag}__rand_int__:live' "$PAYLOAD"
}

# ssegate's publish script: ARGV[7] is 'sharded' (SPUBLISH) or absent (PUBLISH). On a cluster,
# each master takes TASKS / masters tasks, all in its slots.
script_run() {
	local label=$1 sha="" port i
	shift
	for ((i = 0; i < TOPOLOGY_MASTERS; i++)); do
		port=${NODE_PORTS[i]}
		redis-cli -p "$port" FLUSHALL >/dev/null
		sha="$(redis-cli -p "$port" -x SCRIPT LOAD <"$SCRIPT" | tr -d '\r')"
	done
	run "$label" evalsha $((TASKS / TOPOLOGY_MASTERS)) "$(cluster_mode)" EVALSHA "$sha" 2 'ssegate:{tag}__rand_int__:history' \
		'ssegate:{tag}:idem:' 'ssegate:{tag}__rand_int__:live' "$ENVELOPE" 0 1000 60 0 "$@"
}

# The hash tag that redis-benchmark gives the clients of each master, one line per master: it
# keeps the first slot's tag of a master for the whole run ("tag" when it runs without --cluster).
master_tags() {
	local port
	if [[ $(cluster_mode) == --single ]]; then
		echo tag
		return
	fi
	redis-benchmark --cluster -p "${NODE_PORTS[0]}" -c "$CLIENTS" -n $((CLIENTS * 4)) -q SET 'ssegate-bench-tag:{tag}' x \
		>/dev/null 2>&1
	for port in "${NODE_PORTS[@]:0:TOPOLOGY_MASTERS}"; do
		redis-cli -p "$port" --scan --pattern 'ssegate-bench-tag:*' | sed -E 's/.*\{(.*)\}.*/\1/' | head -1
		redis-cli -p "$port" FLUSHALL >/dev/null
	done
}

SUBSCRIBER_PIDS=()
subscribed() {
	local port=$1 channel=$2
	(($(redis-cli -p "$port" PUBSUB SHARDNUMSUB "$channel" | tail -1) + \
		$(redis-cli -p "$port" PUBSUB NUMSUB "$channel" | tail -1) == SUBSCRIBERS))
}

# SUBSCRIBERS connections on each master, each subscribed to the channels of the master's
# tasks (0 … tasks-1, as redis-benchmark's __rand_int__ makes them), printing to /dev/null.
start_subscribers() {
	local tasks=$1 subscribe=SSUBSCRIBE tags i t k port channels
	[[ $TOPOLOGY == standalone* ]] && subscribe=SUBSCRIBE
	mapfile -t tags < <(master_tags)
	for ((i = 0; i < TOPOLOGY_MASTERS; i++)); do
		port=${NODE_PORTS[i]}
		channels=()
		for ((t = 0; t < tasks; t++)); do
			channels+=("$(printf 'ssegate:{%s}%012d:live' "${tags[i]}" "$t")")
		done
		for ((k = 0; k < SUBSCRIBERS; k++)); do
			redis-cli -p "$port" "$subscribe" "${channels[@]}" >/dev/null 2>&1 &
			SUBSCRIBER_PIDS+=($!)
			PIDS+=($!)
		done
		await "subscribers on $port" subscribed "$port" "${channels[-1]}"
	done
}

stop_subscribers() {
	local pid
	for pid in "${SUBSCRIBER_PIDS[@]}"; do
		stop_pid "$pid"
	done
	SUBSCRIBER_PIDS=()
}

# The publish script again, with SUBSCRIBERS subscribers on every task channel.
script_run_subscribed() {
	local label=$1
	shift
	start_subscribers $((TASKS / TOPOLOGY_MASTERS))
	script_run "$label+${SUBSCRIBERS}sub" "$@"
	stop_subscribers
}

# --- Report ------------------------------------------------------------------------

# results.tsv columns: 1 topology, 2 label, 3 masters, 4 nodes, 5 messages, 6 clients, 7 rate,
# 8 seconds, 9 CPU us/msg (all nodes), 10 masters, 11 replicas, 12 bytes written/msg,
# 13 publish sent/msg, 14 publish received/msg, 15 publishshard sent/msg, 16 received/msg,
# 17 calls, 18 errors, 19 share of calls per master %, 20 CPU us/call per master, 21 load.
report() {
	local tsv="$OUT/results.tsv"
	echo "Part 1: cluster bus, PUBLISH vs SPUBLISH ($MESSAGES messages of 100 B per run, $CLIENTS clients, redis-benchmark --cluster)"
	echo
	echo "| Masters × replicas (nodes) | PUBLISH msgs/s | SPUBLISH msgs/s | ratio | PUBLISH bus msgs sent / received per msg | SPUBLISH bus msgs sent / received per msg | PUBLISH Redis CPU µs/msg | SPUBLISH Redis CPU µs/msg | ratio | PUBLISH bytes written/msg | SPUBLISH bytes written/msg | load |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	sort -s -t$'\t' -k1,1V "$tsv" | awk -F'\t' '
		$1 ~ /^cluster/ && $2 == "PUBLISH" { p[$1] = $0; order[++n] = $1 }
		$1 ~ /^cluster/ && $2 == "SPUBLISH" { s[$1] = $0 }
		END {
			for (i = 1; i <= n; i++) {
				t = order[i]; split(p[t], a, "\t"); split(s[t], b, "\t"); split(t, m, /[-x]/)
				printf "| %s × %s (%s) | %s | %s | %.2f | %s / %s | %s / %s | %.1f | %.1f | %.2f | %s | %s | %s, %s |\n",
					m[2], m[3], a[4], a[7], b[7], b[7] / a[7], a[13] + a[15], a[14] + a[16], b[13] + b[15], b[14] + b[16],
					a[9], b[9], b[9] / a[9], a[12], b[12], a[21], b[21]
			}
		}'
	echo
	echo "Part 2: the publish script over $TASKS tasks ($MESSAGES publishes per run, $CLIENTS clients)"
	echo
	echo "| Topology | publish with | publishes/s | ÷ standalone | Redis CPU µs/publish, all nodes | ÷ standalone | masters' CPU µs/publish | replicas' CPU µs/publish | per master: share of publishes % | per master: CPU µs/publish | bus msgs/publish | bytes written/publish | load |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|"
	awk -F'\t' '
		$2 ~ /^script/ {
			group = substr($1, length($1)) ($2 ~ /sub$/)
			if ($1 ~ /^standalone/) base[group] = $0
			split(base[group], b, "\t")
			printf "| %s | %s | %s | %.2f | %.1f | %.2f | %.1f | %.1f | %s | %s | %s | %s | %s |\n", $1, $2, $7, $7 / b[7],
				$9, $9 / b[9], $10, $11, $19, $20, $13 + $15, $12, $21
		}' "$tsv"
	echo
	echo "Delivery to subscribers: the masters' CPU with $SUBSCRIBERS subscriber connections on every task channel, minus without, per publish and subscriber"
	echo
	echo "| Topology | publish with | masters' CPU µs/publish, 0 subscribers | with $SUBSCRIBERS | µs per publish and subscriber | publishes/s with $SUBSCRIBERS | load |"
	echo "|---|---|---:|---:|---:|---:|---|"
	awk -F'\t' -v subscribers="$SUBSCRIBERS" '
		$2 ~ /^script/ && $2 !~ /sub$/ { plain[$1 " " $2] = $10 }
		$2 ~ /sub$/ {
			label = $2; sub(/\+.*/, "", label); p = plain[$1 " " label]
			printf "| %s | %s | %.1f | %.1f | %.2f | %s | %s |\n", $1, label, p, $10, ($10 - p) / subscribers, $7, $21
		}' "$tsv"
}

# --- Main ----------------------------------------------------------------------------

{
	echo "date: $(date -u +%FT%TZ)"
	echo "host: $(uname -srmo)"
	echo "cpu: $(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "redis: $(redis-server --version)"
	echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)')"
} >"$OUT/machine.txt"
log "results: $OUT"

# Part 2 first: each cluster right after its standalone baseline, without and with replicas.
for replicas in $REPLICAS_LIST; do
	start_standalone "$replicas"
	measure_idle
	publish_runs
	script_run script-PUBLISH
	script_run_subscribed script-PUBLISH
	stop_topology
	start_cluster "$SCRIPT_MASTERS" "$replicas"
	measure_idle
	publish_runs
	script_run script-SPUBLISH sharded
	script_run_subscribed script-SPUBLISH sharded
	script_run script-PUBLISH
	stop_topology
done
# Part 1: the other cluster sizes.
for replicas in $REPLICAS_LIST; do
	for masters in $MASTERS_LIST; do
		((masters == SCRIPT_MASTERS)) && continue
		start_cluster "$masters" "$replicas"
		measure_idle
		publish_runs
		stop_topology
	done
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
report >"$OUT/table.md"
log "done in $((SECONDS - STARTED_AT)) s; results in $OUT"
cat "$OUT/machine.txt"
echo
cat "$OUT/table.md"
