# shellcheck shell=bash
# Finds a Java 21+ runtime: sourced by deploy/local/cluster.sh and bench/run.sh, which
# define die(). JAVA_HOME wins when it holds Java 21+; otherwise the newest one found.

java_major() {
	"$1" -XshowSettings:properties -version 2>&1 |
		awk -F'= ' '/java.specification.version/ { sub(/^1\./, "", $2); split($2, v, "."); print v[1]; exit }'
}

find_java() {
	local candidate major best="" best_major=0
	if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
		major="$(java_major "$JAVA_HOME/bin/java")"
		if ((${major:-0} >= 21)); then
			printf '%s\n' "$JAVA_HOME/bin/java"
			return
		fi
	fi
	for candidate in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java \
		/Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$(command -v java || true)"; do
		[[ -x $candidate ]] || continue
		major="$(java_major "$candidate")"
		if ((${major:-0} >= 21 && ${major:-0} > best_major)); then
			best="$candidate"
			best_major="$major"
		fi
	done
	[[ -n $best ]] || die "no Java 21 or later found: set JAVA_HOME to a JDK or JRE 21+"
	printf '%s\n' "$best"
}
