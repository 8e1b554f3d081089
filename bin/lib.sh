# shellcheck shell=bash
# Functions shared by the scripts of this repository (bin/test, bin/gateway,
# deploy/local/cluster.sh, bench/run.sh). Source it; it runs nothing by itself.

# --- Messages ----------------------------------------------------------------

# Prints a line on stderr. A script that sets LOG_CLOCK_START (a $SECONDS value) gets the time
# of day and the seconds since then in front of every line.
log() {
	if [[ -n ${LOG_CLOCK_START:-} ]]; then
		printf '[%s +%ss] %s\n' "$(date +%T)" "$((SECONDS - LOG_CLOCK_START))" "$*" >&2
	else
		printf '%s\n' "$*" >&2
	fi
}

# Prints "<script>: message" on stderr and exits 1.
die() {
	log "${0##*/}: $*"
	exit 1
}

# --- Machine -----------------------------------------------------------------

# Stops a process: TERM, then KILL after 10 s.
stop_pid() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
}

# Succeeds when something listens on 127.0.0.1 at the given port.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a loopback port that is free, and so is the one above it (a node's public and
# management ports), picked at random between 20000 and 49999.
free_port_pair() {
	local port
	while :; do
		port=$((20000 + RANDOM % 30000))
		port_in_use "$port" || port_in_use $((port + 1)) || break
	done
	printf '%s\n' "$port"
}

# Installs Debian packages with apt-get (through sudo unless running as root).
apt_install() {
	local sudo=""
	((EUID == 0)) || sudo=sudo
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- Java --------------------------------------------------------------------

# Prints the major version (17, 21, ...) of the given java command.
java_major() {
	"$1" -XshowSettings:properties -version 2>&1 |
		awk -F'= ' '/java.specification.version/ { sub(/^1\./, "", $2); split($2, v, "."); print v[1]; exit }'
}

# Prints the home of a Java installation of at least the given major version ($1) whose bin/
# holds the given tool ($2: java for a runtime, javac for a JDK): JAVA_HOME when it is one,
# otherwise the newest one under /usr/lib/jvm, /opt/java, /Library/Java/JavaVirtualMachines or
# behind the java on the PATH. Returns 1 when there is none.
java_home_min() {
	local min=$1 tool=$2 home major best="" best_major=0 path_java
	local homes=(/usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home)
	if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java && -x $JAVA_HOME/bin/$tool ]]; then
		major="$(java_major "$JAVA_HOME/bin/java")"
		if ((${major:-0} >= min)); then
			printf '%s\n' "$JAVA_HOME"
			return
		fi
	fi
	if path_java="$(command -v java)"; then
		path_java="$(readlink -f "$path_java")"
		homes+=("${path_java%/bin/java}")
	fi
	for home in "${homes[@]}"; do
		[[ -x $home/bin/java && -x $home/bin/$tool ]] || continue
		major="$(java_major "$home/bin/java")"
		if ((${major:-0} >= min && ${major:-0} > best_major)); then
			best="$home"
			best_major="$major"
		fi
	done
	[[ -n $best ]] || return 1
	printf '%s\n' "$best"
}

# Prints the java command of a Java 21+ runtime (see java_home_min); dies when there is none.
find_java() {
	local home
	home="$(java_home_min 21 java)" || die "no Java 21 or later found: set JAVA_HOME to a JDK or JRE 21+"
	printf '%s\n' "$home/bin/java"
}

# --- The gateway's AOT cache ---------------------------------------------------

# Prints the directory of the AOT cache that bin/aot-cache made of the gateway jar $1 (aot/
# beside the jar: the extracted jar in app/, the cache gateway.aot, the JDK's java it needs),
# when it was made of this very jar and that JDK is still there. Returns 1 otherwise, and when
# SSEGATE_AOT_CACHE is "off".
gateway_aot_dir() {
	local jar=$1 dir
	[[ ${SSEGATE_AOT_CACHE:-on} != off ]] || return 1
	dir="$(cd "$(dirname "$jar")" && pwd)/aot"
	[[ -s $dir/gateway.aot && -f $dir/source.sha256 && -f $dir/java && -f $dir/app/gateway.jar ]] || return 1
	[[ -x $(<"$dir/java") && $(sha256sum "$jar" | cut -d' ' -f1) == "$(<"$dir/source.sha256")" ]] || return 1
	printf '%s\n' "$dir"
}

# Builds the gateway and bench (unless $1 is 1), logging to $2; then copies the gateway jar (with
# its AOT cache, if any) and bench's classes into the directory $3, so that a rebuild during a run
# does not change what runs, and prints the class path of those classes. Run from the repository's
# root.
build_bench() {
	local skip=$1 build_log=$2 work=$3
	if [[ $skip != 1 ]]; then
		log "building the gateway and bench"
		./mvnw -B -q -pl bench -am -DskipTests -Dspring-javaformat.skip=true package >"$build_log" 2>&1 || {
			tail -40 "$build_log" >&2
			die "build failed"
		}
	fi
	[[ -f gateway/target/gateway.jar && -f bench/target/classpath.txt ]] ||
		die "gateway/target/gateway.jar or bench/target/classpath.txt is missing: build first"
	cp gateway/target/gateway.jar "$work/gateway.jar"
	# Its AOT cache too, if the build made one: the nodes run as bin/gateway runs them.
	local aot
	if aot="$(gateway_aot_dir gateway/target/gateway.jar)"; then
		cp -rp "$aot" "$work/aot"
	fi
	cp -r bench/target/classes "$work/bench-classes"
	echo "$work/bench-classes:$(cat bench/target/classpath.txt)"
}
