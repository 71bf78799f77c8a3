#!/usr/bin/env bash
# relayq benchmark: builds what it needs, starts a real coordinator and real worker agents on
# loopback, measures the scenarios of bench/README.md and writes bench/results/latest.md, latest.json
# and PNG plots. Exits 1 only when a scenario broke (slow figures are reported, not failed).
#
#   bench/run.sh [--quick] [--store sqlite|postgres|both] [--jfr|--no-jfr] [--no-install] [--note TEXT]
#
#   --quick        every scenario at smoke-test size, under 2 minutes (what CI runs)
#   --store S      the stores to measure (default both; PostgreSQL is skipped with a note when it
#                  does not answer at RELAYQ_BENCH_POSTGRES_URL)
#   --jfr/--no-jfr flight-record the coordinator of the dispatch scenario (default: on for a full
#                  run, off for --quick); recordings land in bench/results/tmp/jfr
#   --no-install   use the relayq jars already in ~/.m2 and relayq-cli/target as they are
#   --note TEXT    a line for the top of the results, like "the machine was busy"
#
# Environment:
#   RELAYQ_BENCH_POSTGRES_URL  default jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#   JAVA_HOME                  the JDK (21 or newer) to build and run with; else one is looked for
#
# The product jars: the harness (bench/pom.xml, not a module of the root build) compiles against
# the relayq jars in the local Maven repository and starts relayq-cli/target/relayq.jar. When either
# is missing, or a module's sources or pom are newer than its installed jar, this script runs
# `mvn -q -B install -DskipTests -DskipITs` from the root first (a minute or two).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
RESULTS="$BENCH/results"
PID_FILE="$RESULTS/tmp/pids"
# the modules the harness uses; each must be installed and not older than its sources
MODULES=(relayq-core relayq-store relayq-store-sqlite relayq-store-postgres relayq-client relayq-coordinator
  relayq-worker relayq-cli)
VERSION=0.1.0-SNAPSHOT

say() { printf 'bench: %s\n' "$*" >&2; }

install=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-install) install=0 ;;
    --quick|--jfr|--no-jfr) args+=("$1") ;;
    --store|--note)
      [ $# -ge 2 ] || { say "$1 needs a value"; exit 2; }
      args+=("$1" "$2"); shift ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument '$1' (see bench/run.sh --help)"; exit 2 ;;
  esac
  shift
done

# ---- a JDK >= 21 ----------------------------------------------------------------------------------
java_major() {
  local line
  line="$("$1" -version 2>&1 | grep -m1 -E 'version "' || true)"
  line="${line#*version \"}"; line="${line%%\"*}"; line="${line#1.}"; line="${line%%[.+-]*}"
  case "$line" in ''|*[!0-9]*) ;; *) printf '%s' "$line" ;; esac
}
JAVA=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
  [ -x "$candidate" ] && [ -x "$(dirname "$candidate")/jcmd" ] || continue
  major="$(java_major "$candidate")"
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then JAVA="$candidate"; break; fi
done
[ -n "$JAVA" ] || { say "no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm/*, PATH); install one"; exit 2; }
export JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)"

# ---- the product jars -----------------------------------------------------------------------------
# Prints why the product must be installed again, or nothing when it is up to date.
stale_product() {
  local repo="$HOME/.m2/repository/io/relayq" module jar newer
  [ -f "$repo/relayq-parent/$VERSION/relayq-parent-$VERSION.pom" ] || { echo "relayq is not installed in ~/.m2"; return; }
  [ -z "$(find "$ROOT/pom.xml" -newer "$repo/relayq-parent/$VERSION/relayq-parent-$VERSION.pom" 2>/dev/null)" ] \
    || { echo "the root pom.xml is newer than the installed one"; return; }
  for module in "${MODULES[@]}"; do
    jar="$repo/$module/$VERSION/$module-$VERSION.jar"
    [ -f "$jar" ] || { echo "$module is not installed"; return; }
    newer="$(find "$ROOT/$module/pom.xml" "$ROOT/$module/src/main" -newer "$jar" -type f -print -quit 2>/dev/null || true)"
    [ -z "$newer" ] || { echo "${newer#"$ROOT"/} is newer than the installed $module"; return; }
  done
  [ -f "$ROOT/relayq-cli/target/relayq.jar" ] || { echo "relayq-cli/target/relayq.jar is missing"; return; }
}
reason="$(stale_product)"
if [ -n "$reason" ]; then
  if [ "$install" = 1 ]; then
    say "installing the product first ($reason): mvn -q -B install -DskipTests -DskipITs"
    (cd "$ROOT" && mvn -q -B install -DskipTests -DskipITs)
  elif [ ! -f "$ROOT/relayq-cli/target/relayq.jar" ]; then
    say "--no-install, but $reason and relayq-cli/target/relayq.jar is missing; run without --no-install"
    exit 2
  else
    say "--no-install: going on although $reason"
  fi
fi

# ---- the harness ----------------------------------------------------------------------------------
BENCH_JAR="$BENCH/target/relayq-bench.jar"
if [ ! -f "$BENCH_JAR" ] \
  || [ -n "$(find "$BENCH/pom.xml" "$BENCH/src" "$HOME/.m2/repository/io/relayq" -newer "$BENCH_JAR" -type f \
        \( -name '*.java' -o -name '*.xml' -o -name '*.jar' -o -name '*.pom' \) -print -quit 2>/dev/null)" ]; then
  say "building the harness: mvn -q -B -f bench/pom.xml package"
  (cd "$ROOT" && mvn -q -B -f bench/pom.xml package)
fi

# ---- run, and stop whatever it started if it dies -------------------------------------------------
# The harness stops its processes itself; this is for when the harness JVM is killed.
cleanup() {
  [ -f "$PID_FILE" ] || return 0
  local pid ticks name
  while read -r pid ticks name; do
    # only the very process started (same start time), never a later one that got its pid
    if [ -r "/proc/$pid/stat" ] && [ "$(awk '{ print $22 }' "/proc/$pid/stat" 2>/dev/null)" = "$ticks" ]; then
      say "stopping $name (pid $pid) left behind"
      kill -9 "$pid" 2>/dev/null || true
    fi
  done <"$PID_FILE"
}
trap cleanup EXIT

mkdir -p "$RESULTS"
code=0
"$JAVA" -Xmx1g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" \
  --root "$ROOT" --out "$RESULTS" --java "$JAVA" ${args[@]+"${args[@]}"} || code=$?
exit "$code"
