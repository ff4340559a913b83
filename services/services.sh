#!/usr/bin/env bash
# Native (no Docker) backing services for tests and local dev, all on loopback:
#   PostgreSQL, Redis, Kafka (KRaft), a MongoDB-wire server (FerretDB), stripe-mock.
#
# usage: bash services/services.sh up|down|status|env [service...]
#   up      install/build what is missing, start what is not running, wait until ready
#   down    stop what `up` started (pid files); data under .services/ is kept
#   status  one line per service; exit 0 when all are up (or external), 3 otherwise
#   env     print `export VAR=...` lines:  eval "$(bash services/services.sh env)"
# services: postgres redis kafka mongo stripe (default: all)
#
# A service whose URL variable (DATABASE_URL, REDIS_URL, KAFKA_BROKERS, MONGODB_URL,
# STRIPE_API_BASE) already points elsewhere is treated as external: not started.
# Ports: SERVICES_PG_PORT SERVICES_REDIS_PORT SERVICES_KAFKA_PORT
#        SERVICES_KAFKA_CONTROLLER_PORT SERVICES_MONGO_PORT SERVICES_STRIPE_PORT
#        SERVICES_STRIPE_HTTPS_PORT.  Versions: services/versions.env.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
SERVICES_DIR="$ROOT_DIR/.services"
LOG_DIR="$SERVICES_DIR/logs"
RUN_DIR="$SERVICES_DIR/run"
BIN_DIR="$SERVICES_DIR/bin"

# shellcheck source=versions.env
source "$SCRIPT_DIR/versions.env"
for f in common postgres redis kafka mongo stripe; do
  # shellcheck source=/dev/null
  source "$SCRIPT_DIR/lib/$f.sh"
done

ALL_SERVICES=(postgres redis kafka mongo stripe)

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

# The URL variable's value when it points somewhere other than our own instance.
external_url() {
  local var val
  var=$("$1_var")
  val=${!var:-}
  if [[ -n "$val" && "$val" != "$("$1_url")" ]]; then echo "$val"; else return 1; fi
}

pick_services() { # validates names; prints the selection (default: all)
  local s
  (($#)) || set -- "${ALL_SERVICES[@]}"
  for s in "$@"; do
    case "$s" in
      postgres | redis | kafka | mongo | stripe) echo "$s" ;;
      pg) echo postgres ;; ferretdb | mongodb) echo mongo ;; stripe-mock) echo stripe ;;
      *) log "unknown service '$s' (known: ${ALL_SERVICES[*]})"; exit 2 ;;
    esac
  done
}

lock() {
  mkdir -p "$SERVICES_DIR" "$LOG_DIR" "$RUN_DIR" "$BIN_DIR"
  # fd 9 holds the lock; every daemon is started with 9>&- so it does not inherit it.
  exec 9>"$SERVICES_DIR/.lock"
  if ! flock -n 9; then
    log "waiting for another services.sh up/down to finish (lock $SERVICES_DIR/.lock)"
    flock -w 900 9 || die "another services.sh up/down still holds $SERVICES_DIR/.lock after 15 min"
  fi
}

cmd_up() {
  local start svc url list
  start=$(now)
  list=$(pick_services "$@")
  lock
  for svc in $list; do
    if url=$(external_url "$svc"); then
      log "$svc: using $("${svc}_var")=$url from the environment (not started)"
      continue
    fi
    "${svc}_up"
  done
  log "all up in $(($(now) - start))s — use them with: eval \"\$(bash services/services.sh env)\""
}

cmd_down() {
  local svc list
  list=$(pick_services "$@")
  lock
  # reverse order of `up`
  for svc in $(echo "$list" | tac); do "${svc}_down"; done
}

cmd_status() {
  local svc url rc=0 state port list
  list=$(pick_services "$@")
  for svc in $list; do
    if url=$(external_url "$svc"); then
      printf '%-9s external  %s=%s\n' "$svc" "$("${svc}_var")" "$url"
      continue
    fi
    url=$("${svc}_url")
    port=${url##*:}; port=${port%%/*}
    if "${svc}_alive" 2>/dev/null; then state=up; else state=down; rc=3; fi
    printf '%-9s %-9s port %-6s %s\n' "$svc" "$state" "$port" "$url"
  done
  return "$rc"
}

cmd_env() {
  local svc var val list
  list=$(pick_services "$@")
  for svc in $list; do
    var=$("${svc}_var")
    val=$(external_url "$svc" || "${svc}_url")
    printf "export %s='%s'\n" "$var" "${val//\'/\'\\\'\'}"
  done
}

case "${1:-}" in
  up | down | status | env) cmd=$1; shift; "cmd_$cmd" "$@" ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 ;;
esac
