# shellcheck shell=bash
# stripe-mock: Stripe's official API mock (built with `go install`), HTTP on
# 127.0.0.1:$STRIPE_PORT and HTTPS on 127.0.0.1:$STRIPE_HTTPS_PORT.

STRIPE_PORT=${SERVICES_STRIPE_PORT:-12111}
STRIPE_HTTPS_PORT=${SERVICES_STRIPE_HTTPS_PORT:-12112}
STRIPE_BIN="$BIN_DIR/stripe-mock"
STRIPE_PID="$RUN_DIR/stripe-mock.pid"
STRIPE_LOG="$LOG_DIR/stripe-mock.log"

stripe_url() { echo "http://127.0.0.1:$STRIPE_PORT"; }
stripe_var() { echo STRIPE_API_BASE; }

stripe_alive() { pid_alive "$STRIPE_PID" "$STRIPE_BIN" >/dev/null && port_open "$STRIPE_PORT"; }

stripe_check() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 5 -u sk_test_123: "http://127.0.0.1:$STRIPE_PORT/v1/customers"
  else
    port_open "$STRIPE_PORT"
  fi
}

stripe_build() {
  local stamp_file="$BIN_DIR/.stripe-mock.stamp"
  if [[ -x "$STRIPE_BIN" && "$(cat "$stamp_file" 2>/dev/null)" == "$STRIPE_MOCK_VERSION" ]]; then
    return 0
  fi
  need_go
  log "stripe-mock: go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION (log: $LOG_DIR/stripe-mock-build.log)"
  mkdir -p "$BIN_DIR"
  (cd "$SERVICES_DIR" && env -u GOFLAGS CGO_ENABLED=0 GOBIN="$BIN_DIR" \
    "$GO_BIN" install -trimpath "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION") \
    >"$LOG_DIR/stripe-mock-build.log" 2>&1 ||
    fail_with_log "stripe-mock: go install failed" "$LOG_DIR/stripe-mock-build.log"
  echo "$STRIPE_MOCK_VERSION" >"$stamp_file"
}

stripe_up() {
  if stripe_alive && stripe_check; then
    log "stripe-mock: already running on 127.0.0.1:$STRIPE_PORT (pid $(pid_alive "$STRIPE_PID"))"
    return 0
  fi
  stripe_build
  require_free_port stripe-mock "$STRIPE_PORT" SERVICES_STRIPE_PORT STRIPE_API_BASE
  log "stripe-mock: starting $STRIPE_MOCK_VERSION on 127.0.0.1:$STRIPE_PORT (https :$STRIPE_HTTPS_PORT)"
  start_bg "$STRIPE_PID" "$STRIPE_LOG" "$STRIPE_BIN" \
    -http-addr "127.0.0.1:$STRIPE_PORT" -https-addr "127.0.0.1:$STRIPE_HTTPS_PORT"
  wait_ready stripe-mock 60 "$STRIPE_LOG" "$STRIPE_PID" "$STRIPE_BIN" stripe_check
}

stripe_down() { stop_pid stripe-mock "$STRIPE_PID" "$STRIPE_BIN" 10; }
