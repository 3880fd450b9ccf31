#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: its own cluster in a temporary folder, on a free loopback port.
#
#   eval "$(bash tests/postgres.sh start)"   # installs Debian's postgresql when missing (as root), starts a cluster,
#                                            # prints the export lines below
#   bash tests/postgres.sh stop              # stops the cluster named by CHATOPSBOT_TEST_PGDATA, removes its folder
#
# start prints (and nothing else on stdout; progress goes to stderr):
#   CHATOPSBOT_TEST_POSTGRES  connection string: Host=127.0.0.1;Port=…;Username=…;Password=…;Database=postgres
#   CHATOPSBOT_TEST_PG_CTL    a pg_ctl that runs as the cluster's owner (root may not run pg_ctl), for tests that stop
#                             and start the server: "$CHATOPSBOT_TEST_PG_CTL" stop -D "$CHATOPSBOT_TEST_PGDATA" -m fast
#   CHATOPSBOT_TEST_PGDATA    the cluster's data folder (port, addresses and socket folder are in its configuration,
#                             so "pg_ctl start -D <it> -w" brings the same server back)
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

# Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<major>/bin: take the newest major.
find_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  elif command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
  fi
}

# A loopback port nobody listens on now. The server may still lose it to a racing process: start retries.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  log "found no free loopback port"
  exit 1
}

start() {
  local bin_dir
  bin_dir=$(find_bin_dir)
  if [ -z "$bin_dir" ]; then
    if [ "$(id -u)" != 0 ]; then
      log "PostgreSQL's server binaries are missing and this is not root: install the Debian package 'postgresql' first"
      exit 1
    fi
    log "installing postgresql (apt)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin_dir=$(find_bin_dir)
    [ -n "$bin_dir" ] || { log "postgresql installed but pg_ctl/initdb not found"; exit 1; }
  fi

  # initdb and pg_ctl refuse to run as root: as root, the cluster belongs to an unprivileged user.
  local owner run_as=()
  if [ "$(id -u)" = 0 ]; then
    if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
    run_as=(runuser -u "$owner" --)
  else
    owner=$(id -un)
  fi

  # Under /tmp rather than $TMPDIR: the owner must be able to reach the folder, and root's TMPDIR may be private.
  local root
  root=$(mktemp -d /tmp/chatopsbot-pg.XXXXXXXX)
  touch "$root/.chatopsbot-test-postgres"
  local data="$root/data" user=chatopsbot password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$root/pwfile"
  chmod 600 "$root/pwfile"
  if [ "$(id -u)" = 0 ]; then chown -R "$owner" "$root"; fi
  chmod 700 "$root"

  "${run_as[@]}" "$bin_dir/initdb" -D "$data" -U "$user" --pwfile="$root/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 || { cat "$root/initdb.log" >&2; exit 1; }
  rm -f "$root/pwfile"

  # A wrapper the tests call instead of pg_ctl, so a test running as root can stop and start this server.
  cat >"$root/pg_ctl" <<EOF
#!/usr/bin/env bash
exec ${run_as[*]} "$bin_dir/pg_ctl" "\$@"
EOF
  chmod 755 "$root/pg_ctl"

  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # Settings in the cluster's own configuration: a plain "pg_ctl start -D" (a test's restart) brings back the same
    # server. fsync and full_page_writes off: a throw-away cluster need not survive an OS crash. synchronous_commit
    # stays on: a test that stops the server the hard way (as a crash) must find every committed row after it.
    cat >"$data/postgresql.auto.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$root'
max_connections = 200
fsync = off
full_page_writes = off
EOF
    if [ "$(id -u)" = 0 ]; then chown "$owner" "$data/postgresql.auto.conf"; fi
    if "$root/pg_ctl" start -D "$data" -w -t 60 -l "$root/server.log" >&2; then
      break
    fi
    if [ "$attempt" = 5 ]; then
      log "the server did not start; its log:"
      cat "$root/server.log" >&2 || true
      exit 1
    fi
    log "the server did not start on port $port (taken?): trying another"
  done

  log "PostgreSQL ($("$bin_dir/postgres" --version)) on 127.0.0.1:$port, data in $data"
  echo "export CHATOPSBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=postgres'"
  echo "export CHATOPSBOT_TEST_PG_CTL='$root/pg_ctl'"
  echo "export CHATOPSBOT_TEST_PGDATA='$data'"
}

stop() {
  local data=${1:-${CHATOPSBOT_TEST_PGDATA:-}}
  if [ -z "$data" ]; then
    log "stop: no cluster named (CHATOPSBOT_TEST_PGDATA is empty)"
    exit 1
  fi
  local root
  root=$(dirname "$data")
  # Only ever remove a folder this script made.
  if [ ! -f "$root/.chatopsbot-test-postgres" ]; then
    log "stop: $root is not a cluster folder of this script; left alone"
    exit 1
  fi
  if [ -f "$data/postmaster.pid" ]; then
    "$root/pg_ctl" stop -D "$data" -m immediate -w >&2 || log "stop: pg_ctl stop failed; removing the folder anyway"
  fi
  rm -rf "$root"
  log "stopped and removed $root"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop [data folder]" >&2; exit 2 ;;
esac
