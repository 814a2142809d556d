#!/usr/bin/env bash
# Benchmarks Parley (SQLite and PostgreSQL) side by side with a Socket.IO chat server, on loopback.
#   ./bench.sh quick   small sizes, under 2 minutes
#   ./bench.sh full    the sizes in docs/benchmarks.md (10M-message history, 50k idle connections …)
#   ./bench.sh one <target> <workload> [load generator options]   one run, JSON to stdout (target: sqlite|postgres|socketio)
# Each run starts the servers itself, pins server and load generator to different cores (taskset), warms up,
# runs each workload against every server in turn, and appends a dated table to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
MODE=${1:-quick}
WORK=$ROOT/bench/.work
mkdir -p "$WORK"
say() { printf '== %s\n' "$*" >&2; }
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# --- what this needs ----------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ ! -f bench/peers/socketio/node_modules/.package-lock.json ] || [ bench/peers/socketio/package-lock.json -nt bench/peers/socketio/node_modules/.package-lock.json ]; then
  (cd bench/peers/socketio && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
say "building (Release)"
dotnet build src/Parley.Server -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
dotnet build bench/Parley.Bench -c Release -nologo -v q -p:ParleySkipWeb=true >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
SERVER_DLL=$ROOT/src/Parley.Server/bin/Release/net10.0/Parley.Server.dll
BENCH_DLL=$ROOT/bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll

# Cores: the server gets the first half, the load generator the rest (one each on a 2-core machine).
CORES=$(nproc)
HALF=$(( CORES / 2 > 0 ? CORES / 2 : 1 ))
SERVER_CPUS="0-$(( HALF - 1 ))"
LOAD_CPUS="$HALF-$(( CORES - 1 ))"
[ "$CORES" -eq 1 ] && LOAD_CPUS=0

# --- a throwaway PostgreSQL (private socket dir, no TCP), stopped on exit --------------------------
PGTMP=""; PGPORT=54339
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  if [ -n "$PGTMP" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1; rm -rf "$PGTMP"; fi
  true
}
trap cleanup EXIT
start_postgres() {
  [ -n "$PGTMP" ] && return
  PGTMP=$(mktemp -d /tmp/parley-bench-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP"
  as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1
  # Durable settings (fsync on): every acknowledged message is on disk, as in production.
  as_pg taskset -c "$SERVER_CPUS" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$WORK/postgres.log" -w -o \
    "-k $PGTMP -p $PGPORT -c listen_addresses='' -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
  as_pg "$PGBIN/psql" -h "$PGTMP" -p "$PGPORT" -U postgres -q -c "CREATE DATABASE parley" postgres
}

# Starts one server pinned to the server cores; sets SERVER_PID and URL.
start_server() {
  local kind=$1 port
  stop_server
  case $kind in
    socketio)
      port=5091
      (cd bench/peers/socketio && PORT=$port exec taskset -c "$SERVER_CPUS" node server.js) >"$WORK/socketio.log" 2>&1 &
      SERVER_PID=$! ;;
    sqlite|postgres)
      port=5081
      local env=(ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production
        Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information
        Parley__RateLimits__SendPerSecond=1000000 Parley__RateLimits__SendBurst=1000000
        Parley__RateLimits__CallsPerSecond=1000000 Parley__RateLimits__CallBurst=1000000
        Parley__RateLimits__AuthPerMinute=1000000 Parley__Auth__AccessTokenMinutes=240)
      if [ "$kind" = sqlite ]; then
        mkdir -p "$WORK/sqlite"
        env+=(ConnectionStrings__Parley="Data Source=$WORK/sqlite/parley.db")
      else
        start_postgres
        env+=(Parley__Database__Provider=postgres ConnectionStrings__Parley="Host=$PGTMP;Port=$PGPORT;Username=postgres;Database=parley;Maximum Pool Size=100")
      fi
      (cd "$WORK" && exec env "${env[@]}" taskset -c "$SERVER_CPUS" dotnet "$SERVER_DLL") >"$WORK/server-$kind.log" 2>&1 &
      SERVER_PID=$! ;;
  esac
  URL=http://127.0.0.1:$port
  for _ in $(seq 1 300); do
    if [ "$kind" = socketio ]; then grep -q listening "$WORK/socketio.log" && return 0
    else curl -sf --max-time 2 -o /dev/null "$URL/healthz" && return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "server $kind did not start; see $WORK" >&2; exit 1
}
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}

# One load-generator run against the running server: prints its JSON line.
load() {
  local kind=$1; shift
  local target=parley label="parley-$kind"
  [ "$kind" = socketio ] && target=socketio label=socketio
  local extra=()
  [ "$kind" = sqlite ] && extra+=(--seed-db "sqlite:$WORK/sqlite/parley.db")
  [ "$kind" = postgres ] && extra+=(--seed-db "postgres:Host=$PGTMP;Port=$PGPORT;Username=postgres;Database=parley")
  taskset -c "$LOAD_CPUS" dotnet "$BENCH_DLL" --target "$target" --label "$label" --url "$URL" --server-pid "$SERVER_PID" "${extra[@]}" "$@"
}

if [ "$MODE" = one ]; then
  kind=$2; shift 2
  start_server "$kind"
  load "$kind" --workload "$@"
  exit 0
fi
echo "bench.sh: mode $MODE is not written yet" >&2; exit 1
