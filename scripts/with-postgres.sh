#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on loopback (Debian's packages).
#   scripts/with-postgres.sh COMMAND...
# DATABASE_URL is set for the command; the cluster is stopped and removed afterwards.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${PGTEST_PORT:-54329}
dir=$(mktemp -d /tmp/tincoso-pg.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
cleanup() { as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres tincoso
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/tincoso"
"$@"
