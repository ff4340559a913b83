# shellcheck shell=bash
# MongoDB wire protocol: FerretDB v1 embedded in a tiny Go program (services/ferretdb/)
# with its SQLite backend, on 127.0.0.1:$MONGO_PORT. Data under .services/ferretdb/data.

MONGO_PORT=${SERVICES_MONGO_PORT:-57017}
MONGO_SRC="$SCRIPT_DIR/ferretdb"
MONGO_BIN="$BIN_DIR/ferretdb"
MONGO_DATA="$SERVICES_DIR/ferretdb/data"
MONGO_PID="$RUN_DIR/ferretdb.pid"
MONGO_LOG="$LOG_DIR/ferretdb.log"
MONGO_READY_TIMEOUT=${SERVICES_MONGO_TIMEOUT:-60}

mongo_url() { echo "mongodb://127.0.0.1:$MONGO_PORT/"; }
mongo_var() { echo MONGODB_URL; }

mongo_alive() { pid_alive "$MONGO_PID" "$MONGO_BIN" >/dev/null && port_open "$MONGO_PORT"; }

# FerretDB version currently required by services/ferretdb/go.mod.
ferretdb_gomod_version() {
  awk '{ for (i = 1; i < NF; i++) if ($i == "github.com/FerretDB/FerretDB") { print $(i + 1); exit } }' "$MONGO_SRC/go.mod"
}

ferretdb_build() {
  local stamp_file="$BIN_DIR/.ferretdb.stamp" stamp blog="$LOG_DIR/ferretdb-build.log"
  if [[ "$(ferretdb_gomod_version)" != "$FERRETDB_VERSION" ]]; then
    need_go
    log "ferretdb: re-pinning services/ferretdb/go.mod to FerretDB $FERRETDB_VERSION (commit go.mod/go.sum)"
    (cd "$MONGO_SRC" && GOFLAGS=-mod=mod "$GO_BIN" get "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" &&
      GOFLAGS=-mod=mod "$GO_BIN" mod tidy) >"$blog" 2>&1 ||
      fail_with_log "ferretdb: go get FerretDB $FERRETDB_VERSION failed" "$blog"
  fi
  stamp="$FERRETDB_VERSION/$(file_hash "$MONGO_SRC/go.mod" "$MONGO_SRC/go.sum" "$MONGO_SRC/main.go")"
  if [[ -x "$MONGO_BIN" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
    return 0
  fi
  need_go
  log "ferretdb: building FerretDB $FERRETDB_VERSION with $("$GO_BIN" env GOVERSION) (about a minute; log: $blog)"
  mkdir -p "$BIN_DIR"
  (cd "$MONGO_SRC" && CGO_ENABLED=0 GOFLAGS=-mod=mod \
    "$GO_BIN" build -trimpath -ldflags '-s -w' -o "$MONGO_BIN.tmp" .) >"$blog" 2>&1 ||
    fail_with_log "ferretdb: go build failed" "$blog"
  mv -f "$MONGO_BIN.tmp" "$MONGO_BIN"
  echo "$stamp" >"$stamp_file"
}

mongo_up() {
  if mongo_alive; then
    log "ferretdb: already running on 127.0.0.1:$MONGO_PORT (pid $(pid_alive "$MONGO_PID"))"
    return 0
  fi
  ferretdb_build
  require_free_port ferretdb "$MONGO_PORT" SERVICES_MONGO_PORT MONGODB_URL
  mkdir -p "$MONGO_DATA"
  log "ferretdb: starting FerretDB $FERRETDB_VERSION (SQLite) on 127.0.0.1:$MONGO_PORT"
  start_bg "$MONGO_PID" "$MONGO_LOG" "$MONGO_BIN" -listen "127.0.0.1:$MONGO_PORT" -data "$MONGO_DATA" \
    -log-level "${SERVICES_MONGO_LOG_LEVEL:-error}"
  # FerretDB opens its listener only after the backend is initialised.
  wait_ready ferretdb "$MONGO_READY_TIMEOUT" "$MONGO_LOG" "$MONGO_PID" "$MONGO_BIN" port_open "$MONGO_PORT"
}

mongo_down() { stop_pid ferretdb "$MONGO_PID" "$MONGO_BIN" 15; }
