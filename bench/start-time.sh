#!/usr/bin/env bash
# Times a gateway node's start, from launch until its readiness probe answers, with and without
# the jar's AOT cache (bin/aot-cache), alternating the two so that both see the same machine.
#
#   bench/start-time.sh [ROUNDS]       (default 4)
#
# Starts bin/gateway on the embedded broker, on free loopback ports, ROUNDS times in each mode,
# and prints one line per start: the mode ("aot" or "jit") and the milliseconds. Needs the jar
# and its cache: ./mvnw -q -pl gateway -am -DskipTests package, with a JDK 25+ on the machine.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bin/lib.sh
source bin/lib.sh

ROUNDS=${1:-4}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"
gateway_aot_dir gateway/target/gateway.jar >/dev/null ||
	die "gateway/target/gateway.jar has no AOT cache: build it with a JDK 25+ on the machine (bin/aot-cache)"

time_start() {
	local mode=$1 port pid started i
	port="$(free_port_pair)"
	started=$(date +%s%N)
	SSEGATE_AOT_CACHE=$mode bin/gateway --server.address=127.0.0.1 --server.port="$port" \
		--management.server.address=127.0.0.1 --management.server.port=$((port + 1)) \
		--ssegate.security.anonymous=true --logging.level.root=WARN >/dev/null 2>&1 &
	pid=$!
	for ((i = 0; i < 1200; i++)); do
		curl -fsS -o /dev/null "http://127.0.0.1:$((port + 1))/actuator/health/readiness" 2>/dev/null && break
		sleep 0.02
	done
	printf '%s %d ms\n' "$([[ $mode == on ]] && echo aot || echo jit)" $((($(date +%s%N) - started) / 1000000))
	stop_pid "$pid"
}

for ((round = 0; round < ROUNDS; round++)); do
	time_start on
	time_start off
done
