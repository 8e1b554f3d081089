#!/usr/bin/env bash
# The docker-compose topology with plain processes, for machines without Docker: one
# redis-server (or a Redis Cluster), N gateway nodes (java -jar) and nginx in front of them,
# running the same deploy/nginx/ssegate.conf as docker compose (only the addresses are
# generated here).
#
#   deploy/local/cluster.sh start [--nodes N] [--port PORT] [--redis-port PORT] [--redis-cluster]
#                                 [--node-port PORT] [--management-port PORT] [--jar PATH] [--secured]
#                                 [-- GATEWAY_ARGS...]
#   deploy/local/cluster.sh restart [--node N] [--pause SECONDS]
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh stop
#
# start     starts everything, waits until every node and nginx answer, prints the URL.
#           --nodes      gateway nodes (default 3)
#           --port       nginx, the load balancer (default 8080)
#           --redis-port redis-server (default 6380)
#           --redis-cluster
#                        a Redis Cluster instead of one redis-server: 3 masters and 3 replicas on
#                        redis-port .. redis-port + 5 (cluster bus: those ports + 10000), created
#                        with redis-cli --cluster create; the nodes get spring.data.redis.cluster.nodes
#           --node-port  the first node; node i listens on node-port + i - 1 (default 8081)
#           --management-port
#                        the first node's management port (health and metrics, which nginx does not
#                        route to); node i's is management-port + i - 1 (default node-port + 1000)
#           --jar        the gateway jar (default gateway/target/gateway.jar); it is copied
#                        into the state directory, so rebuilding it does not disturb the nodes;
#                        so is its AOT cache (bin/aot-cache) if it has one, and then the nodes
#                        run with it on its JDK (SSEGATE_AOT_CACHE=off: without it)
#           --secured    the nodes require tokens instead of allowing anonymous access: they share
#                        the HS256 key SSEGATE_SECURITY_HMAC_SECRET if it is set, else a random one;
#                        either way it is kept in the state directory's hmac-secret file, for
#                        minting tokens (TaskTokens.hmac); the demo page mints its own
#           arguments after "--" go to every node, e.g. -- --ssegate.stream.reconnect-delay=500ms
# restart   a rolling restart, as a deploy does it: each node in turn gets SIGTERM, drains, exits,
#           starts again on its port with the same arguments and answers; the next one follows
#           --pause seconds later (default 15). --node N restarts only node N.
# status    prints each process; exits 0 when all run, 1 when some run, 3 when none does.
# stop      stops what start started (nginx, then the nodes, then Redis); keeps the logs.
#           With --redis-cluster, status and stop cover each Redis node (redis-PORT).
#
# Everything listens on 127.0.0.1 only. Unless --secured, the nodes allow anonymous access
# (ssegate.security.anonymous=true), like docker compose: this is a development topology.
#
# Environment:
#   SSEGATE_CLUSTER_DIR            state: pids, ports, logs, nginx config (default /tmp/ssegate-cluster)
#   JAVA_HOME                      used when it holds Java 21+; otherwise /usr/lib/jvm/* and PATH are searched
#   SSEGATE_JAVA_OPTS              JVM options of each node, after the shipped gateway/jvm.options
#                                  (default: -Xmx256m)
#   SSEGATE_CLUSTER_START_TIMEOUT  seconds to wait for everything to answer (default 120)
#   SSEGATE_NGINX_WORKER_CONNECTIONS  per nginx worker; each stream takes two (default 8192)
#
# Needs: bash, curl, redis-server, nginx (Debian: apt-get install -y redis-server nginx curl);
# --redis-cluster also needs redis-cli 7+ (Debian: in redis-tools, which redis-server pulls in).
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=bin/lib.sh
source "$REPO_DIR/bin/lib.sh"
readonly REPO_DIR
readonly SHARED_NGINX_CONF="$REPO_DIR/deploy/nginx/ssegate.conf"
DIR="${SSEGATE_CLUSTER_DIR:-/tmp/ssegate-cluster}"
[[ $DIR == /* ]] || DIR="$PWD/$DIR"
readonly START_TIMEOUT="${SSEGATE_CLUSTER_START_TIMEOUT:-120}"
readonly STOP_TIMEOUT=40
readonly REDIS_CLUSTER_SIZE=6
readonly REDIS_CLUSTER_REPLICAS=3

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}

# --- Processes ---------------------------------------------------------------

cmdline_of() {
	if [[ -r /proc/$1/cmdline ]]; then
		tr '\0' ' ' <"/proc/$1/cmdline"
	else
		ps -o args= -p "$1" 2>/dev/null || true
	fi
}

is_alive() {
	kill -0 "$1" 2>/dev/null || return 1
	if [[ -r /proc/$1/stat ]]; then
		# A zombie (killed, not yet reaped) is gone for our purposes.
		[[ $(sed -E 's/.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat") != Z ]]
	fi
}

# Prints the pid of a component started by this cluster, if it still runs. The command line
# must mention the state directory, so that a recycled pid is never taken for ours.
owned_pid() {
	local file="$DIR/$1.pid" pid
	[[ -f $file ]] || return 1
	pid="$(<"$file")"
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	is_alive "$pid" || return 1
	[[ $(cmdline_of "$pid") == *"$DIR"* ]] || return 1
	printf '%s\n' "$pid"
}

components() {
	local names=() file
	[[ -f $DIR/nginx.pid ]] && names+=(nginx)
	for file in "$DIR"/node-*.pid; do
		[[ -e $file ]] && names+=("$(basename "$file" .pid)")
	done
	[[ -f $DIR/redis.pid ]] && names+=(redis)
	for file in "$DIR"/redis-*.pid; do
		[[ -e $file ]] && names+=("$(basename "$file" .pid)")
	done
	printf '%s\n' ${names[@]+"${names[@]}"}
}

# Sends a signal to the given components, then waits for them all to exit.
terminate() {
	local signal=$1 name pid deadline
	shift
	local pids=()
	for name in "$@"; do
		if pid="$(owned_pid "$name")"; then
			kill "-$signal" "$pid" 2>/dev/null || true
			pids+=("$pid")
		fi
	done
	deadline=$((SECONDS + STOP_TIMEOUT))
	for pid in ${pids[@]+"${pids[@]}"}; do
		while is_alive "$pid"; do
			if ((SECONDS >= deadline)); then
				log "pid $pid did not stop in ${STOP_TIMEOUT}s: killing it"
				kill -KILL "$pid" 2>/dev/null || true
				break
			fi
			sleep 0.2
		done
	done
	for name in "$@"; do
		rm -f "$DIR/$name.pid"
	done
}

stop_all() {
	[[ -d $DIR ]] || return 0
	local node_names=() redis_names=() name
	for name in $(components); do
		[[ $name == node-* ]] && node_names+=("$name")
		[[ $name == redis-* ]] && redis_names+=("$name")
	done
	# nginx first, so that no new stream reaches a node that is stopping.
	terminate TERM nginx
	terminate TERM ${node_names[@]+"${node_names[@]}"}
	terminate TERM redis ${redis_names[@]+"${redis_names[@]}"}
}

# --- Checks ------------------------------------------------------------------

http_ok() {
	curl -fs -o /dev/null --max-time 2 "$1"
}

redis_ok() {
	(
		exec 3<>"/dev/tcp/127.0.0.1/$1"
		printf 'PING\r\n' >&3
		IFS= read -r -t 2 reply <&3
		[[ $reply == +PONG* ]]
	) 2>/dev/null
}

find_nginx() {
	local candidate
	for candidate in "$(command -v nginx || true)" /usr/sbin/nginx /usr/local/sbin/nginx /opt/homebrew/bin/nginx; do
		if [[ -n $candidate && -x $candidate ]]; then
			printf '%s\n' "$candidate"
			return
		fi
	done
	die "nginx not found (Debian/Ubuntu: apt-get install -y nginx; macOS: brew install nginx)"
}

require() {
	command -v "$1" >/dev/null 2>&1 || die "$1 not found ($2)"
}

# Waits until "$@" succeeds; fails with the log of a component (one name, or several separated
# by spaces) when it exits first.
await() {
	local what=$1 watched name
	read -r -a watched <<<"$2"
	shift 2
	local deadline=$((SECONDS + START_TIMEOUT))
	until "$@"; do
		for name in "${watched[@]}"; do
			# Liveness, not ownership: a process just started may not have exec'd yet, and
			# its command line does not name the state directory until it has.
			if ! is_alive "$(<"$DIR/$name.pid")"; then
				log "$what: $name exited; the end of $DIR/$name.log:"
				tail -n 40 "$DIR/$name.log" >&2 || true
				fail "$what did not start"
			fi
		done
		if ((SECONDS >= deadline)); then
			fail "$what did not answer within ${START_TIMEOUT}s (see $DIR/${watched[0]}.log)"
		fi
		sleep 0.2
	done
}

fail() {
	log "cluster.sh: $*; stopping what was started"
	stop_all
	exit 1
}

# --- start -------------------------------------------------------------------

write_nginx_conf() {
	local nginx_dir=$1 lb_port=$2 first_node_port=$3 nodes=$4 i
	mkdir -p "$nginx_dir/ssegate" "$nginx_dir/logs" "$nginx_dir/temp"
	{
		echo "# Generated by deploy/local/cluster.sh: the gateway nodes of this cluster."
		for ((i = 0; i < nodes; i++)); do
			echo "server 127.0.0.1:$((first_node_port + i)) max_fails=0;"
		done
	} >"$nginx_dir/ssegate/gateways.conf"
	printf '# Generated by deploy/local/cluster.sh.\nlisten 127.0.0.1:%s;\n' "$lb_port" >"$nginx_dir/ssegate/listen.conf"
	{
		echo "# Generated by deploy/local/cluster.sh: process settings only; the proxy settings"
		echo "# are in the shared $SHARED_NGINX_CONF."
		if ((EUID == 0)); then
			echo "user $(id -un) $(id -gn);"
		fi
		cat <<-EOF
			worker_processes auto;
			pid $nginx_dir/nginx.pid;
			error_log $nginx_dir/logs/error.log notice;
			daemon off;

			events {
			    worker_connections ${SSEGATE_NGINX_WORKER_CONNECTIONS:-8192};
			}

			http {
			    default_type application/octet-stream;
			    access_log $nginx_dir/logs/access.log;
			    client_body_temp_path $nginx_dir/temp/client_body;
			    proxy_temp_path $nginx_dir/temp/proxy;
			    fastcgi_temp_path $nginx_dir/temp/fastcgi;
			    uwsgi_temp_path $nginx_dir/temp/uwsgi;
			    scgi_temp_path $nginx_dir/temp/scgi;

			    include $SHARED_NGINX_CONF;
			}
		EOF
	} >"$nginx_dir/nginx.conf"
}

# Empties the state directory of an earlier run; refuses a directory that is not one.
clean_state_dir() {
	if [[ -d $DIR && -n $(ls -A "$DIR") && ! -f $DIR/cluster.env ]]; then
		die "$DIR is not empty and is not a cluster state directory; set SSEGATE_CLUSTER_DIR to another one"
	fi
	rm -rf "$DIR"/redis "$DIR"/redis-* "$DIR"/nodes-*.conf "$DIR"/nginx "$DIR"/node-* "$DIR"/*.pid \
		"$DIR"/*.port "$DIR"/*.log "$DIR/gateway.jar" "$DIR/aot" "$DIR/cluster.env" "$DIR/hmac-secret"
}

# --- Tokens ------------------------------------------------------------------

# Writes the nodes' HS256 key to $DIR/hmac-secret, readable by this user only: the one in
# SSEGATE_SECURITY_HMAC_SECRET, or 64 random hex digits.
write_hmac_secret() {
	local secret=${SSEGATE_SECURITY_HMAC_SECRET:-}
	if [[ -z $secret ]]; then
		secret="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
	fi
	((${#secret} >= 32)) || die "SSEGATE_SECURITY_HMAC_SECRET must have at least 32 characters"
	(umask 077 && printf '%s\n' "$secret" >"$DIR/hmac-secret")
}

# --- Redis -------------------------------------------------------------------

# set-proc-title no: keep the command line (with the state directory) visible to owned_pid.
start_redis() {
	local port=$1
	mkdir -p "$DIR/redis"
	nohup redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$DIR/redis" \
		--set-proc-title no \
		</dev/null >"$DIR/redis.log" 2>&1 &
	echo $! >"$DIR/redis.pid"
	echo "$port" >"$DIR/redis.port"
	await "redis-server on port $port" redis redis_ok "$port"
}

# Starts the Redis Cluster nodes on the given ports, joins them (the first half masters, one
# replica each) and waits until it serves every slot with every replica attached.
start_redis_cluster() {
	local ports=("$@") port names=() addresses=() last=${*: -1}
	for port in "${ports[@]}"; do
		mkdir -p "$DIR/redis-$port"
		nohup redis-server --bind 127.0.0.1 --port "$port" \
			--cluster-enabled yes --cluster-config-file "$DIR/nodes-$port.conf" --cluster-node-timeout 2000 \
			--save "" --appendonly no --repl-diskless-sync yes --repl-diskless-sync-delay 0 \
			--dir "$DIR/redis-$port" --set-proc-title no \
			</dev/null >"$DIR/redis-$port.log" 2>&1 &
		echo $! >"$DIR/redis-$port.pid"
		echo "$port" >"$DIR/redis-$port.port"
		names+=("redis-$port")
		addresses+=("127.0.0.1:$port")
	done
	for port in "${ports[@]}"; do
		await "redis-server on port $port" "redis-$port" redis_ok "$port"
	done
	local limit=()
	command -v timeout >/dev/null 2>&1 && limit=(timeout "$START_TIMEOUT")
	if ! ${limit[@]+"${limit[@]}"} redis-cli --cluster create "${addresses[@]}" \
		--cluster-replicas 1 --cluster-yes </dev/null >"$DIR/redis-cluster-create.log" 2>&1; then
		log "redis-cli --cluster create failed; the end of $DIR/redis-cluster-create.log:"
		tail -n 40 "$DIR/redis-cluster-create.log" >&2 || true
		fail "the Redis Cluster was not created"
	fi
	await "the Redis Cluster on ports $1-$last" "${names[*]}" redis_cluster_ok "${ports[@]}"
}

# Succeeds when every node serves all slots (cluster_state:ok) and sees all the replicas.
redis_cluster_ok() {
	local port replicas
	for port in "$@"; do
		[[ $(redis-cli -p "$port" cluster info 2>/dev/null) == *cluster_state:ok* ]] || return 1
		replicas="$(redis-cli -p "$port" cluster nodes 2>/dev/null |
			awk '$3 ~ /(^|,)slave(,|$)/ && $3 !~ /fail|handshake|noaddr/ { n++ } END { print n + 0 }')"
		((replicas == REDIS_CLUSTER_REPLICAS)) || return 1
	done
}

# Starts gateway node i (in the background) with what start kept in the state directory.
start_node() {
	local i=$1 port management_port java secured java_opts=() node_args=()
	port=$(($(env_value FIRST_NODE_PORT) + i - 1))
	management_port=$(($(env_value FIRST_MANAGEMENT_PORT) + i - 1))
	java="$(env_value JAVA)"
	secured="$(env_value SECURED)"
	local launch=(-jar "$DIR/gateway.jar")
	if [[ $(env_value AOT_CACHE) == yes ]]; then
		launch=(-XX:AOTCache="$DIR/aot/gateway.aot" -jar "$DIR/aot/app/gateway.jar")
	fi
	mapfile -d '' java_opts <"$DIR/node-java-opts"
	mapfile -d '' node_args <"$DIR/node-args"
	mkdir -p "$DIR/node-$i/tmp"
	(
		if [[ $secured == yes ]]; then
			SSEGATE_SECURITY_HMAC_SECRET="$(<"$DIR/hmac-secret")"
			export SSEGATE_SECURITY_HMAC_SECRET
		fi
		exec nohup "$java" "@$REPO_DIR/gateway/jvm.options" ${java_opts[@]+"${java_opts[@]}"} -Djava.io.tmpdir="$DIR/node-$i/tmp" \
			"${launch[@]}" \
			--server.address=127.0.0.1 --server.port="$port" \
			--management.server.address=127.0.0.1 --management.server.port="$management_port" \
			--spring.data.redis.client-name="ssegate-node-$i" \
			${node_args[@]+"${node_args[@]}"}
	) </dev/null >>"$DIR/node-$i.log" 2>&1 &
	echo $! >"$DIR/node-$i.pid"
	echo "$port" >"$DIR/node-$i.port"
	echo "$management_port" >"$DIR/node-$i.management-port"
}

# Waits until node i is ready (its readiness probe, on its management port, says UP).
await_node() {
	local i=$1
	await "gateway node $i on port $(<"$DIR/node-$i.port")" "node-$i" http_ok \
		"http://127.0.0.1:$(<"$DIR/node-$i.management-port")/actuator/health/readiness"
}

# Writes arguments to a file, each ended by a NUL (none: an empty file).
write_args() {
	local file=$1 arg
	shift
	: >"$file"
	for arg in "$@"; do
		printf '%s\0' "$arg" >>"$file"
	done
}

# A value of the state directory's cluster.env.
env_value() {
	sed -n "s/^$1=//p" "$DIR/cluster.env" | tail -n 1
}

start() {
	local nodes=3 lb_port=8080 redis_port=6380 first_node_port=8081 first_management_port=""
	local jar="$REPO_DIR/gateway/target/gateway.jar"
	local redis_cluster=no secured=no gateway_args=()
	while (($# > 0)); do
		case $1 in
			--nodes) nodes=${2:?}; shift 2 ;;
			--port) lb_port=${2:?}; shift 2 ;;
			--redis-port) redis_port=${2:?}; shift 2 ;;
			--redis-cluster) redis_cluster=yes; shift ;;
			--node-port) first_node_port=${2:?}; shift 2 ;;
			--management-port) first_management_port=${2:?}; shift 2 ;;
			--jar) jar=${2:?}; shift 2 ;;
			--secured) secured=yes; shift ;;
			--) shift; gateway_args=("$@"); break ;;
			-h | --help) usage 0 ;;
			*) log "unknown option: $1"; usage ;;
		esac
	done
	first_management_port=${first_management_port:-$((first_node_port + 1000))}
	local number
	for number in "$nodes" "$lb_port" "$redis_port" "$first_node_port" "$first_management_port"; do
		[[ $number =~ ^[1-9][0-9]*$ ]] || die "not a positive number: $number"
	done

	require curl "Debian/Ubuntu: apt-get install -y curl"
	require redis-server "Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis"
	local redis_ports=("$redis_port") port
	if [[ $redis_cluster == yes ]]; then
		require redis-cli "Debian/Ubuntu: apt-get install -y redis-tools; macOS: brew install redis"
		((redis_port + REDIS_CLUSTER_SIZE - 1 + 10000 <= 65535)) ||
			die "--redis-port $redis_port is too high for a Redis Cluster (its bus ports are 10000 above)"
		for ((port = redis_port + 1; port < redis_port + REDIS_CLUSTER_SIZE; port++)); do
			redis_ports+=("$port")
		done
	fi
	local nginx java
	nginx="$(find_nginx)"
	java="$(find_java)"
	[[ -f $jar ]] || die "no gateway jar at $jar; build it: ./mvnw -B -q -pl gateway -am -DskipTests install"

	if [[ -n $(components) ]]; then
		local name
		for name in $(components); do
			owned_pid "$name" >/dev/null && die "a cluster already runs in $DIR: run '$0 stop' first"
		done
	fi
	local i busy_ports=("$lb_port" "${redis_ports[@]}")
	if [[ $redis_cluster == yes ]]; then
		for port in "${redis_ports[@]}"; do
			busy_ports+=($((port + 10000)))
		done
	fi
	for port in "${busy_ports[@]}" $(seq "$first_node_port" $((first_node_port + nodes - 1))) \
		$(seq "$first_management_port" $((first_management_port + nodes - 1))); do
		port_in_use "$port" &&
			die "port $port is in use (choose others with --port, --redis-port, --node-port, --management-port)"
	done

	clean_state_dir
	mkdir -p "$DIR"
	trap 'fail "interrupted"' INT TERM
	cp "$jar" "$DIR/gateway.jar"
	# With the jar's AOT cache (bin/aot-cache), the nodes run from a copy of it on its JDK.
	local aot_cache=no aot
	if aot="$(gateway_aot_dir "$jar")"; then
		cp -rp "$aot" "$DIR/aot"
		java="$(<"$aot/java")"
		aot_cache=yes
	fi
	printf 'NODES=%s\nLB_PORT=%s\nREDIS_PORT=%s\nFIRST_NODE_PORT=%s\nFIRST_MANAGEMENT_PORT=%s\nREDIS_CLUSTER=%s\n' \
		"$nodes" "$lb_port" "$redis_port" "$first_node_port" "$first_management_port" "$redis_cluster" \
		>"$DIR/cluster.env"

	local redis_arg redis_description
	if [[ $redis_cluster == yes ]]; then
		start_redis_cluster "${redis_ports[@]}"
		local seeds
		seeds="$(printf '127.0.0.1:%s,' "${redis_ports[@]}")"
		redis_arg="--spring.data.redis.cluster.nodes=${seeds%,}"
		redis_description="Redis Cluster 127.0.0.1:$redis_port-$((redis_port + REDIS_CLUSTER_SIZE - 1))"
	else
		start_redis "$redis_port"
		redis_arg="--spring.data.redis.url=redis://127.0.0.1:$redis_port"
		redis_description="Redis redis://127.0.0.1:$redis_port"
	fi

	# Anonymous, or (--secured) the key in the nodes' environment, never on a command line.
	local access_args=(--ssegate.security.anonymous=true) access_description=""
	if [[ $secured == yes ]]; then
		write_hmac_secret
		access_args=()
		access_description=", tokens required (HS256 key in $DIR/hmac-secret)"
	fi

	# What every node runs, kept for restarts: the JVM options, then the gateway's arguments.
	local java_opts=()
	read -r -a java_opts <<<"${SSEGATE_JAVA_OPTS:--Xmx256m}"
	write_args "$DIR/node-java-opts" ${java_opts[@]+"${java_opts[@]}"}
	write_args "$DIR/node-args" "$redis_arg" ${access_args[@]+"${access_args[@]}"} ${gateway_args[@]+"${gateway_args[@]}"}
	printf 'JAVA=%s\nSECURED=%s\nAOT_CACHE=%s\n' "$java" "$secured" "$aot_cache" >>"$DIR/cluster.env"
	for ((i = 1; i <= nodes; i++)); do
		start_node "$i"
	done
	for ((i = 1; i <= nodes; i++)); do
		await_node "$i"
	done

	write_nginx_conf "$DIR/nginx" "$lb_port" "$first_node_port" "$nodes"
	local check
	if ! check="$("$nginx" -t -q -p "$DIR/nginx/" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/logs/error.log" 2>&1)"; then
		log "$check"
		fail "the nginx configuration is not valid"
	fi
	nohup "$nginx" -p "$DIR/nginx/" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/logs/error.log" \
		</dev/null >"$DIR/nginx.log" 2>&1 &
	echo $! >"$DIR/nginx.pid"
	echo "$lb_port" >"$DIR/nginx.port"
	await "nginx on port $lb_port" nginx http_ok "http://127.0.0.1:$lb_port/nginx-health"
	await "a gateway node through nginx" nginx http_ok "http://127.0.0.1:$lb_port/"
	trap - INT TERM

	status
	log "ssegate: http://127.0.0.1:$lb_port/ ($nodes nodes, $redis_description$access_description); stop with: $0 stop"
}

# --- restart -----------------------------------------------------------------

# A rolling restart, as an orchestrator does one: each node in turn (or only --node N) gets
# SIGTERM, drains and exits, starts again on its port with the same command line, and answers;
# then the next one follows after --pause seconds.
restart() {
	local only="" pause=15
	while (($# > 0)); do
		case $1 in
			--node) only=${2:?}; shift 2 ;;
			--pause) pause=${2:?}; shift 2 ;;
			-h | --help) usage 0 ;;
			*) log "unknown option: $1"; usage ;;
		esac
	done
	[[ -f $DIR/cluster.env && -f $DIR/node-args ]] || die "no cluster to restart in $DIR: start one first"
	[[ $pause =~ ^[0-9]+$ ]] || die "not a number of seconds: $pause"
	local nodes i first=yes targets=()
	nodes="$(env_value NODES)"
	if [[ -n $only ]]; then
		[[ $only =~ ^[1-9][0-9]*$ ]] && ((only <= nodes)) || die "no node $only (nodes: 1-$nodes)"
		targets=("$only")
	else
		targets=($(seq 1 "$nodes"))
	fi
	for i in "${targets[@]}"; do
		[[ $first == yes ]] || sleep "$pause"
		first=no
		log "restarting node $i: SIGTERM, drain, start"
		terminate TERM "node-$i"
		start_node "$i"
		await_node "$i"
		log "node $i answers again (pid $(<"$DIR/node-$i.pid"))"
	done
}

# --- status ------------------------------------------------------------------

status() {
	local name pid port running=0 total=0
	for name in $(components); do
		total=$((total + 1))
		port="$(cat "$DIR/$name.port" 2>/dev/null || echo '?')"
		[[ -f $DIR/$name.management-port ]] && port+=" (management $(<"$DIR/$name.management-port"))"
		if pid="$(owned_pid "$name")"; then
			running=$((running + 1))
			printf '%-12s running  pid %-8s port %s\n' "$name" "$pid" "$port"
		else
			printf '%-12s stopped  %-12s port %s\n' "$name" "" "$port"
		fi
	done
	if ((total == 0 || running == 0)); then
		log "no cluster runs in $DIR"
		return 3
	fi
	((running == total)) || return 1
}

main() {
	local command=${1:-}
	(($# > 0)) && shift
	case $command in
		start) start "$@" ;;
		stop) stop_all ;;
		restart) restart "$@" ;;
		status) status ;;
		-h | --help | help) usage 0 ;;
		*) usage ;;
	esac
}

main "$@"
