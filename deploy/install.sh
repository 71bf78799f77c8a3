#!/bin/sh
# relayq installer, served by a relayq coordinator at /install.sh with its own address filled in:
#
#   curl -fsSL http://COORDINATOR:8750/install.sh | sh -s -- --token TOKEN --labels mac,heavy
#
# For a coordinator whose certificate your own CA signed, give curl and the script that CA:
#
#   curl -fsSL --cacert ca.pem https://COORDINATOR:8750/install.sh | sh -s -- --ca-file ca.pem --token TOKEN
#
# Downloads the relayq jar from the coordinator to ~/.relayq/lib/relayq.jar and checks its SHA-256,
# finds a Java 21 or newer, writes ~/.relayq/config.yml (mode 0600), then installs and starts the
# worker as a service (systemd on Linux, launchd on macOS) unless --no-service is given.
# POSIX sh: runs under dash, bash, busybox ash and macOS's sh.
set -eu

RELAYQ_URL='@RELAYQ_URL@'
MIN_JAVA=21

say() { printf 'relayq-install: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat <<USAGE
Install a relayq worker that takes jobs from $RELAYQ_URL.

  curl -fsSL $RELAYQ_URL/install.sh | sh -s -- [OPTIONS]

Options:
  --token TOKEN      the worker token (config token:)
  --labels a,b       labels jobs can ask for (config worker.labels:)
  --name NAME        the worker's name (default: the host name)
  --slots N          jobs it runs at once (default: the number of CPUs)
  --server URL       where the worker reaches the coordinator, if not at $RELAYQ_URL
  --ca-file FILE     for https://: the CA certificate (PEM) that signed the coordinator's;
                     used for the downloads and copied to ~/.relayq/ca.pem (config ca_file:)
  --no-service       install and configure only; start it yourself with:
                       java -jar ~/.relayq/lib/relayq.jar worker
  --help             this text

Environment: RELAYQ_JAVA (a java binary to use), JAVA_HOME.
USAGE
}

token='' labels='' name='' slots='' server="$RELAYQ_URL" service=yes ca_file=''
while [ $# -gt 0 ]; do
  case "$1" in
    --token) [ $# -ge 2 ] || die "--token needs a value"; token="$2"; shift 2 ;;
    --labels) [ $# -ge 2 ] || die "--labels needs a value, like mac,heavy"; labels="$2"; shift 2 ;;
    --name) [ $# -ge 2 ] || die "--name needs a value"; name="$2"; shift 2 ;;
    --slots) [ $# -ge 2 ] || die "--slots needs a number"; slots="$2"; shift 2 ;;
    --server) [ $# -ge 2 ] || die "--server needs a URL"; server="$2"; shift 2 ;;
    --ca-file) [ $# -ge 2 ] || die "--ca-file needs a file"; ca_file="$2"; shift 2 ;;
    --no-service) service=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
case "$slots" in
  '') ;;
  *[!0-9]*) die "--slots '$slots' is not a whole number" ;;
esac
case "$server" in
  http://*|https://*) ;;
  *) die "--server '$server' is not an http:// or https:// URL" ;;
esac
[ -n "${HOME:-}" ] || die "HOME is not set: relayq keeps its files in \$HOME/.relayq"
if [ -n "$ca_file" ]; then
  [ -r "$ca_file" ] || die "--ca-file $ca_file does not exist or cannot be read"
  grep -q -- '-----BEGIN CERTIFICATE-----' "$ca_file" \
    || die "--ca-file $ca_file holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
fi
case "$RELAYQ_URL" in
  http://*|https://*) ;;
  *) die "this is the installer template: download the script from a coordinator instead (curl -fsSL http://COORDINATOR:8750/install.sh)" ;;
esac

# ---- download -------------------------------------------------------------------------------------
fetch() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    if [ -n "$ca_file" ]; then
      curl -fsSL --retry 3 --cacert "$ca_file" -o "$2" "$1"
    else
      curl -fsSL --retry 3 -o "$2" "$1"
    fi
  elif command -v wget >/dev/null 2>&1; then
    if [ -n "$ca_file" ]; then
      wget -q --ca-certificate="$ca_file" -O "$2" "$1"
    else
      wget -q -O "$2" "$1"
    fi
  else
    die "neither curl nor wget is installed: install one of them and run this again"
  fi
}

sha256_of() { # FILE
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 "$1" | sed 's/.*= *//'
  else
    die "no sha256sum, shasum or openssl to check the download with: install coreutils or openssl"
  fi
}

home_dir="$HOME/.relayq"
lib_dir="$home_dir/lib"
jar="$lib_dir/relayq.jar"
mkdir -p "$lib_dir"
tmp_jar="$lib_dir/.relayq.jar.download"
tmp_sum="$lib_dir/.relayq.jar.sha256"
trap 'rm -f "$tmp_jar" "$tmp_sum"' EXIT

say "downloading relayq from $RELAYQ_URL"
fetch "$RELAYQ_URL/download/relayq.jar.sha256" "$tmp_sum" \
  || die "cannot download $RELAYQ_URL/download/relayq.jar.sha256: is the coordinator running there and reachable from here?"
fetch "$RELAYQ_URL/download/relayq.jar" "$tmp_jar" || die "cannot download $RELAYQ_URL/download/relayq.jar"
expected="$(cut -d' ' -f1 <"$tmp_sum")"
actual="$(sha256_of "$tmp_jar")"
if [ "$expected" != "$actual" ]; then
  die "the downloaded jar is damaged: its SHA-256 is $actual, the coordinator says $expected. Run this again; if it keeps failing, the coordinator's jar changed during the download or something on the way alters it"
fi
mv -f "$tmp_jar" "$jar"
say "relayq.jar saved to $jar (SHA-256 $actual, checked)"

# ---- find Java 21+ -------------------------------------------------------------------------------
java_major() { # JAVA -> its feature version, or nothing
  v="$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  case "$v" in 1.*) v="${v#1.}" ;; esac
  v="${v%%[.+-]*}"
  case "$v" in ''|*[!0-9]*) ;; *) printf '%s' "$v" ;; esac
}

java=''
if [ -n "${RELAYQ_JAVA:-}" ]; then
  major="$(java_major "$RELAYQ_JAVA")"
  [ -n "$major" ] || die "RELAYQ_JAVA=$RELAYQ_JAVA does not run as java"
  [ "$major" -ge "$MIN_JAVA" ] || die "RELAYQ_JAVA=$RELAYQ_JAVA is Java $major; relayq needs Java $MIN_JAVA or newer"
  java="$RELAYQ_JAVA"
else
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java 2>/dev/null || true)" \
      /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      /opt/homebrew/opt/openjdk*/bin/java /usr/local/opt/openjdk*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA" ]; then
      java="$candidate"
      break
    fi
  done
fi
if [ -z "$java" ]; then
  die "relayq needs Java $MIN_JAVA or newer, and none was found (looked at RELAYQ_JAVA, JAVA_HOME, java on PATH,
  /usr/lib/jvm, /Library/Java/JavaVirtualMachines, Homebrew and SDKMAN). Install one, then run this again:
    Debian/Ubuntu/Raspberry Pi OS: sudo apt install openjdk-21-jre-headless   (or openjdk-25-jre-headless)
    macOS:                         brew install openjdk@21
    any system:                    sdk install java 21-tem   (SDKMAN)
  or point RELAYQ_JAVA at a java binary of version $MIN_JAVA or newer."
fi
say "using $java (Java $(java_major "$java"))"

# ---- config --------------------------------------------------------------------------------------
yaml_quote() { # a YAML single-quoted scalar: quotes inside are doubled
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

config="$home_dir/config.yml"
if [ -f "$config" ]; then
  backup="$config.$(date +%Y%m%d%H%M%S).bak"
  cp -p "$config" "$backup"
  say "kept your previous config as $backup"
fi
umask 077
if [ -n "$ca_file" ]; then
  # a copy of its own: the worker service must still find it when the download directory is gone
  cp "$ca_file" "$home_dir/.ca.pem.tmp"
  mv -f "$home_dir/.ca.pem.tmp" "$home_dir/ca.pem"
  say "copied $ca_file to $home_dir/ca.pem"
fi
tmp_config="$home_dir/.config.yml.tmp"
{
  echo "# relayq settings, written by the installer from $RELAYQ_URL; docs/CONFIG.md lists every key"
  echo "server: $(yaml_quote "$server")"
  [ -z "$token" ] || echo "token: $(yaml_quote "$token")"
  [ -z "$ca_file" ] || echo "ca_file: $(yaml_quote "$home_dir/ca.pem")"
  if [ -n "$labels$name$slots" ]; then
    echo "worker:"
    [ -z "$name" ] || echo "  name: $(yaml_quote "$name")"
    [ -z "$slots" ] || echo "  slots: $slots"
    if [ -n "$labels" ]; then
      echo "  labels:"
      old_ifs="$IFS"
      IFS=,
      for label in $labels; do
        [ -z "$label" ] || echo "    - $(yaml_quote "$label")"
      done
      IFS="$old_ifs"
    fi
  fi
} >"$tmp_config"
chmod 600 "$tmp_config"
mv -f "$tmp_config" "$config"
say "wrote $config (mode 0600)"

# ---- service -------------------------------------------------------------------------------------
if [ "$service" = no ]; then
  say "installed without a service (--no-service). Start the worker with:"
  say "  $java -jar $jar worker"
  exit 0
fi
# as root: a system service that runs as root, with the files just written to root's home;
# as anyone else on Linux: a systemd user service
if [ "$(id -u)" -eq 0 ]; then
  scope="--run-as $(id -un)"
elif [ "$(uname -s)" = Linux ]; then
  scope='--user'
else
  scope=''
fi
# shellcheck disable=SC2086 # $scope is one or two words, or nothing
"$java" -jar "$jar" install-service worker $scope --java "$java" \
  || die "installing the service failed (see above). The worker is installed and configured: fix the cause and run
  $java -jar $jar install-service worker $scope --java $java
or run it under a supervisor of your own: $java -jar $jar worker"
