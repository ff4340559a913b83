# shellcheck shell=bash
# Shared helpers for services/services.sh: messages, prerequisites, pids, ports, readiness.

# ---- messages (stderr, so `services.sh env` keeps stdout clean) --------------
log()  { printf 'services: %s\n' "$*" >&2; }
die()  { printf 'services: %s\n' "$*" >&2; exit 1; }
# A missing prerequisite: one line naming it and how to get it, exit 2.
need_fail() { printf "services: '%s' not found — %s\n" "$1" "$2" >&2; exit 2; }

now() { date +%s; }

# ---- prerequisites -----------------------------------------------------------
need_cmd() { # need_cmd CMD HOWTO
  command -v "$1" >/dev/null 2>&1 || need_fail "$1" "$2"
}

need_java17() {
  need_cmd java "install it with: apt-get install -y --no-install-recommends openjdk-17-jre-headless"
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  if [[ -z "$v" || "${v%%.*}" -lt 17 ]]; then
    printf "services: 'java' >= 17 needed for Kafka %s (found %s) — install it with: apt-get install -y --no-install-recommends openjdk-17-jre-headless\n" \
      "$KAFKA_VERSION" "${v:-unknown}" >&2
    exit 2
  fi
}

# Go is only needed to build ferretdb / stripe-mock the first time.
GO_BIN=""
need_go() {
  if [[ -z "$GO_BIN" ]]; then
    GO_BIN=$(command -v go 2>/dev/null || true)
    [[ -z "$GO_BIN" && -x /usr/local/go/bin/go ]] && GO_BIN=/usr/local/go/bin/go
    [[ -n "$GO_BIN" ]] || need_fail go "install Go >= 1.22 into /usr/local/go from https://go.dev/dl (Debian's golang-go 1.19 is too old)"
  fi
}

# Debian packages: `apt-get update` at most once per run, and only if something is missing.
APT_UPDATED=0
ensure_debs() { # ensure_debs PKG...
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null 2>&1 ||
    need_fail apt-get "install these packages with your package manager: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    printf "services: package(s) %s missing — install them with: sudo apt-get install -y --no-install-recommends %s\n" \
      "${missing[*]}" "${missing[*]}" >&2
    exit 2
  fi
  log "installing Debian packages: ${missing[*]} (log: $LOG_DIR/apt.log)"
  if ((APT_UPDATED == 0)); then
    DEBIAN_FRONTEND=noninteractive apt-get update >>"$LOG_DIR/apt.log" 2>&1 ||
      { tail -n 20 "$LOG_DIR/apt.log" >&2; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1 ||
    { tail -n 20 "$LOG_DIR/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
}

# ---- processes and ports -----------------------------------------------------
# pid_alive PIDFILE [CMDLINE_SUBSTRING] -> prints the pid when alive (and, when given,
# its command line contains the substring, so a recycled pid is not mistaken for ours).
pid_alive() {
  local pidfile=$1 match=${2:-} pid
  [[ -s "$pidfile" ]] || return 1
  pid=$(head -n 1 "$pidfile" | tr -dc '0-9')
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n "$match" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$match" || return 1
  fi
  echo "$pid"
}

port_open() { # port_open PORT [HOST]
  timeout 2 bash -c "exec 3<>/dev/tcp/${2:-127.0.0.1}/$1" 2>/dev/null
}

# stop_pid NAME PIDFILE MATCH [GRACE_SECONDS]: TERM, wait, then KILL.
stop_pid() {
  local name=$1 pidfile=$2 match=$3 grace=${4:-15} pid i
  if ! pid=$(pid_alive "$pidfile" "$match"); then
    rm -f "$pidfile"; log "$name: not running"; return 0
  fi
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: still running after ${grace}s, sending SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

# A port we are about to bind must be free; otherwise say who holds it.
require_free_port() { # require_free_port NAME PORT ENVVAR
  if port_open "$2"; then
    die "$1: port $2 is already in use by another process — stop it, or pick another port with $3=<port> (or point ${4:-the matching URL variable} at it)"
  fi
}

# wait_ready NAME TIMEOUT LOGFILE PIDFILE MATCH CHECK_CMD...
# Polls CHECK_CMD until it succeeds; fails early if the process died.
wait_ready() {
  local name=$1 timeout=$2 logfile=$3 pidfile=$4 match=$5
  shift 5
  local start; start=$(now)
  while true; do
    if "$@" >/dev/null 2>&1; then
      log "$name: ready ($(($(now) - start))s)"
      return 0
    fi
    # Looked at twice: right after start_bg the pid can still be the forked shell, not yet exec'ed
    # into the daemon, so its command line does not match for a moment.
    if [[ -n "$pidfile" ]] && ! pid_alive "$pidfile" "$match" >/dev/null; then
      sleep 0.5
      pid_alive "$pidfile" "$match" >/dev/null || fail_with_log "$name: process exited during startup" "$logfile"
    fi
    if (($(now) - start >= timeout)); then
      fail_with_log "$name: not ready after ${timeout}s" "$logfile"
    fi
    sleep 0.5
  done
}

fail_with_log() { # fail_with_log MESSAGE LOGFILE
  {
    printf 'services: %s — last lines of %s:\n' "$1" "$2"
    if [[ -f "$2" ]]; then
      # only this attempt: from the last "==== ... starting" marker start_bg wrote
      awk '/^==== / { n = 0 } { buf[n++] = $0 } END { for (i = 0; i < n; i++) print buf[i] }' "$2" |
        tail -n 30 | sed 's/^/    | /'
    else
      echo "    (no log file)"
    fi
  } >&2
  exit 1
}

# start_bg PIDFILE LOGFILE CMD...: run CMD detached (own session, survives this shell).
start_bg() {
  local pidfile=$1 logfile=$2
  shift 2
  printf '\n==== %s: starting %s\n' "$(date -Is)" "$*" >>"$logfile"
  # 9>&- : the daemon must not inherit (and so hold forever) the services.sh lock.
  nohup setsid "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  echo $! >"$pidfile"
}

# file_hash FILE...: a short fingerprint used to cache builds/downloads.
file_hash() { cat "$@" | sha256sum | cut -c1-16; }
