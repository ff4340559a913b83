# shellcheck shell=bash
# Redis: our own redis-server (not the Debian system service) on 127.0.0.1:$REDIS_PORT,
# no persistence, working dir under .services/redis.

REDIS_PORT=${SERVICES_REDIS_PORT:-56379}
REDIS_DIR="$SERVICES_DIR/redis"
REDIS_PID="$RUN_DIR/redis.pid"
REDIS_LOG="$LOG_DIR/redis.log"

redis_url() { echo "redis://127.0.0.1:$REDIS_PORT"; }
redis_var() { echo REDIS_URL; }

redis_ping() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_alive() { pid_alive "$REDIS_PID" redis-server >/dev/null && port_open "$REDIS_PORT"; }

redis_up() {
  ensure_debs redis-server
  if redis_alive && redis_ping; then
    log "redis: already running on 127.0.0.1:$REDIS_PORT (pid $(pid_alive "$REDIS_PID"))"
    return 0
  fi
  require_free_port redis "$REDIS_PORT" SERVICES_REDIS_PORT REDIS_URL
  mkdir -p "$REDIS_DIR"
  rm -f "$REDIS_PID"
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  printf '\n==== %s: starting redis-server\n' "$(date -Is)" >>"$REDIS_LOG"
  # shellcheck disable=SC2094 # redis appends to its own log; we only add startup errors
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode no \
    --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" \
    --dir "$REDIS_DIR" --save '' --appendonly no >>"$REDIS_LOG" 2>&1 9>&- ||
    fail_with_log "redis: redis-server failed to start" "$REDIS_LOG"
  # --daemonize writes the pid file asynchronously: wait on the ping only.
  wait_ready redis 20 "$REDIS_LOG" "" "" redis_ping
}

redis_down() { stop_pid redis "$REDIS_PID" redis-server 10; }
