# shellcheck shell=bash
# PostgreSQL: our own cluster under .services/postgres (not the Debian system cluster),
# listening on 127.0.0.1:$PG_PORT, database/user/password flowgraph.

PG_PORT=${SERVICES_PG_PORT:-55432}
PG_DIR="$SERVICES_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/run"
PG_LOG="$LOG_DIR/postgres.log"
PG_DB=flowgraph
PG_USER=flowgraph
PG_PASSWORD=flowgraph

postgres_url() { echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"; }
postgres_var() { echo DATABASE_URL; }

# Binaries of the pinned major, else the newest installed one.
pg_bin() {
  local d="/usr/lib/postgresql/$PG_MAJOR/bin"
  if [[ ! -x "$d/initdb" ]]; then
    d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  [[ -n "$d" && -x "$d/initdb" ]] || need_fail initdb "install it with: apt-get install -y --no-install-recommends postgresql"
  echo "$d"
}

# initdb/postgres refuse to run as root: use the `postgres` account then.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_own() { # make paths writable by the account that runs the server
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$@"; fi
}

postgres_pid() { pid_alive "$PG_DATA/postmaster.pid" postgres; }

postgres_alive() {
  postgres_pid >/dev/null && port_open "$PG_PORT" &&
    { ! command -v pg_isready >/dev/null || pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }
}

pg_psql() { # superuser psql over our unix socket
  as_pg "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres
}

postgres_up() {
  ensure_debs postgresql
  local bin; bin=$(pg_bin)
  if postgres_alive; then
    log "postgres: already running on 127.0.0.1:$PG_PORT (pid $(postgres_pid))"
    return 0
  fi

  mkdir -p "$PG_DIR" "$PG_SOCK"
  touch "$PG_LOG"
  pg_own "$PG_DIR" "$PG_LOG"

  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    log "postgres: initdb $PG_DATA ($("$bin/postgres" --version))"
    rm -rf "$PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 ||
      fail_with_log "postgres: initdb failed" "$PG_LOG"
    # Disposable test/dev instance: trade durability for speed.
    cat >>"$PG_DATA/postgresql.conf" <<CONF

# --- services/services.sh (dev/test instance) ---
listen_addresses = '127.0.0.1'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
    pg_own "$PG_DATA"
  fi

  # A stale postmaster.pid from a killed server would block startup.
  if [[ -f "$PG_DATA/postmaster.pid" ]] && ! postgres_pid >/dev/null; then
    rm -f "$PG_DATA/postmaster.pid"
  fi
  require_free_port postgres "$PG_PORT" SERVICES_PG_PORT DATABASE_URL

  log "postgres: starting on 127.0.0.1:$PG_PORT"
  as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -s -w -t 60 \
    -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1" start 9>&- ||
    fail_with_log "postgres: pg_ctl start failed" "$PG_LOG"
  wait_ready postgres 60 "$PG_LOG" "$PG_DATA/postmaster.pid" postgres \
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2
  postgres_provision
}

# Role + database (idempotent).
postgres_provision() {
  pg_psql >/dev/null <<SQL || fail_with_log "postgres: creating role/database failed" "$PG_LOG"
SELECT format('CREATE ROLE %I LOGIN SUPERUSER PASSWORD %L', '$PG_USER', '$PG_PASSWORD')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_DB', '$PG_USER')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB') \gexec
SQL
}

postgres_down() {
  if ! postgres_pid >/dev/null; then
    log "postgres: not running"; return 0
  fi
  as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -s -m fast -w -t 30 stop ||
    fail_with_log "postgres: pg_ctl stop failed" "$PG_LOG"
  log "postgres: stopped"
}
