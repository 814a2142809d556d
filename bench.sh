#!/usr/bin/env bash
# Benchmarks Parley (SQLite and PostgreSQL) side by side with a Socket.IO chat server, on loopback.
#   ./bench.sh quick   small sizes, under 2 minutes
#   ./bench.sh full    the sizes in docs/benchmarks.md (10M-message history, 50k idle connections …)
#   ./bench.sh cluster one Parley node against two on PostgreSQL with the Redis backplane (fan-out crossing nodes), ~7 minutes
#   ./bench.sh search  message search over 1M messages in 1,000 rooms on SQLite and PostgreSQL (seeded once, kept), and
#                      what indexing costs a message in fan-out (with and without the index, paced), ~40 minutes the first time;
#                      SEARCH_QUERIES=0 ./bench.sh search measures only the indexing cost (~22 minutes; SEARCH_KINDS=sqlite for one database)
#   ./bench.sh one <target> <workload> [load generator options]   one run, JSON to stdout
#              (target: sqlite|postgres|socketio|signalr-floor|postgres-redis|postgres-<N>nodes)
# Each run starts the servers itself, pins server and load generator to different cores (taskset), warms up,
# runs each workload against every server in turn, and appends a dated table to docs/benchmarks.md.
# For looking into PostgreSQL's cost: PG_CONNECTION_EXTRA="Key=value;…" is appended to Parley's connection string (to
# compare an Npgsql setting against the server's default), and PG_STATEMENTS=1 loads pg_stat_statements and, after
# each run, writes the statements that took the most of PostgreSQL's time to bench/.work/pg-statements-<n>.txt.
# METRICS=1 turns the server's metrics listener on for one node: fan-out then reports SQLite's search catch-ups as the
# server times them, and history the KB a page allocates and the run's garbage collections.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
MODE=${1:-quick}
WORK=$ROOT/bench/.work
mkdir -p "$WORK"
say() { printf '== %s %s\n' "$(date +%T)" "$*" >&2; }
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" # the hard limit caps the idle workload

# --- what this needs ----------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
case "$MODE ${2:-}" in cluster*|"one postgres-"*) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;; esac
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
dotnet build bench/peers/signalr-floor -c Release -nologo -v q >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
SERVER_DLL=$ROOT/src/Parley.Server/bin/Release/net10.0/Parley.Server.dll
BENCH_DLL=$ROOT/bench/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll
FLOOR_DLL=$ROOT/bench/peers/signalr-floor/bin/Release/net10.0/SignalRFloor.dll

# Cores: the server gets the first half, the load generator the rest (one each on a 2-core machine).
CORES=$(nproc)
HALF=$(( CORES / 2 > 0 ? CORES / 2 : 1 ))
SERVER_CPUS="0-$(( HALF - 1 ))"
LOAD_CPUS="$HALF-$(( CORES - 1 ))"
[ "$CORES" -eq 1 ] && LOAD_CPUS=0

# --- a throwaway PostgreSQL (private socket dir, no TCP), stopped on exit --------------------------
PGTMP=""; PGPORT=54339
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
KIND=""; URLS=""; REDIS=""; METRICS_URL=""
SERVER_PIDS=() # every process of the server under test: its node(s) and, in a cluster, its redis-server
cleanup() {
  stop_server
  if [ -n "$PGTMP" ]; then as_pg "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1; rm -rf "$PGTMP"; fi
  true
}
trap cleanup EXIT
start_postgres() {
  [ -n "$PGTMP" ] && return
  PGTMP=$(mktemp -d /tmp/parley-bench-pg.XXXXXX) # the socket; the data stays in $WORK/pgdata between runs
  if [ ! -f "$WORK/pgdata/PG_VERSION" ]; then
    rm -rf "$WORK/pgdata"; mkdir -p "$WORK/pgdata"
    [ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pgdata"
    as_pg "$PGBIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust -E UTF8 --locale=C --lc-ctype=C.UTF-8 >"$WORK/initdb.log" 2>&1
  fi
  touch "$WORK/postgres.log"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP" "$WORK/postgres.log"
  # Durable settings (fsync on): every acknowledged message is on disk, as in production.
  # Its log (kept in bench/.work) names each checkpoint and autovacuum run: work of PostgreSQL's own that a run's
  # figures include when it lands in one. A run's database is new, and until its first ANALYZE the statements
  # prepared while its tables were nearly empty keep the plans made then (the retry lookup as a sequential scan and
  # hash join over every message: 6.6 ms a batch at 50,000 rows; one run in three or four stalled so). The load
  # generator runs ANALYZE at the end of each warm-up (Measure/PostgresStatistics), as autovacuum has on a server that
  # has run a while; autovacuum keeps its own pace, once a minute.
  as_pg taskset -c "$SERVER_CPUS" "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w -o \
    "-k $PGTMP -p $PGPORT -c listen_addresses='' -c max_connections=200 -c shared_buffers=512MB -c log_checkpoints=on -c log_autovacuum_min_duration=0${PG_STATEMENTS:+ -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all}" start >/dev/null
}
# With PG_STATEMENTS=1: "pg_statements reset" before a run clears the counters (set-up isn't measured), and
# "pg_statements report" after it writes what the database did, statement by statement (calls, time, rows).
pg_statements() {
  [ -n "${PG_STATEMENTS:-}" ] && [ -n "$PGTMP" ] || return 0
  local out=$WORK/pg-statements-$(date +%H%M%S).txt q="psql -h $PGTMP -p $PGPORT -U postgres -d parley_$DB -X -q"
  as_pg $q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 || return 0
  if [ "$1" = reset ]; then as_pg $q -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true; return 0; fi
  as_pg $q -c "SELECT calls, round(total_exec_time::numeric, 1) AS ms, round((total_exec_time / calls * 1000)::numeric, 1) AS us_per_call, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" >"$out" 2>&1 || true
  say "PostgreSQL's statements: $out"
}
postmaster_pid() { head -n 1 "$WORK/pgdata/postmaster.pid"; }

# The first port from $1 up that nothing listens on: other Parley instances (a local cluster, tests) may hold the usual
# ones, and a health check answered by someone else's server would measure the wrong process.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# A throwaway redis-server for the backplane: loopback only, its own port, no persistence, pinned with the servers.
start_redis() {
  local port; port=$(free_port 6391)
  rm -rf "$WORK/redis"; mkdir -p "$WORK/redis"
  taskset -c "$SERVER_CPUS" redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$WORK/redis" \
    --logfile "$WORK/redis/redis.log" &
  SERVER_PIDS+=($!)
  REDIS=127.0.0.1:$port
  await_ready $! "$REDIS" "$WORK/redis/redis.log" "Ready to accept connections"
}

# Waits until the server says it listens on its URL (in its own log: proof the port is its own, not another
# instance's) and, for Parley and the floor, answers its health check; fails the run if the process ends first.
await_ready() { # pid url log [marker]
  for _ in $(seq 1 6000); do # up to 10 minutes: a large database may have a migration to apply first
    if [ -n "${4:-}" ]; then grep -qs "$4" "$3" && return 0
    else grep -qs "Now listening on: $2\$" "$3" && curl -sf --max-time 2 -o /dev/null "$2/healthz" && return 0; fi
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  echo "server at $2 did not start; see $3" >&2; exit 1
}

# Parley nodes pinned to the server cores, started one after the other (the first creates the schema and the
# data-protection keys the others then share). Each node has its own port and working (data) directory.
start_parley() { # provider nodes [redis]
  local provider=$1 nodes=$2 backplane=${3:-} i port dir log
  local env=(ASPNETCORE_ENVIRONMENT=Production DOTNET_ReadyToRun=0 # as README's production advice
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information
    Logging__LogLevel__Parley.Server.Realtime.BoundedOutput=Information # a client dropped for falling behind explains a loss
    Parley__RateLimits__SendPerSecond=1000000 Parley__RateLimits__SendBurst=1000000
    Parley__RateLimits__CallsPerSecond=1000000 Parley__RateLimits__CallBurst=1000000
    Parley__RateLimits__AuthPerMinute=1000000 Parley__Auth__AccessTokenMinutes=240
    Parley__Auth__PasswordIterations=1000 # accounts are set-up, not what is measured
    Parley__Auth__MinPasswordScore=0 # the load generator's one password ("bench password 1234") scores 1
    Parley__Hub__MaxConnectionsPerUser=10000 # idle and storm open up to 500 connections per account
    Parley__Metrics__Enabled=false) # several nodes on one machine would share its listener; its cost is measured apart
  # METRICS=1 (one node): its metrics listener on, for a run that reads what the server reports of its own work.
  METRICS_URL=""
  if [ "${METRICS:-0}" = 1 ] && [ "$nodes" -eq 1 ]; then
    METRICS_URL=http://127.0.0.1:$(free_port 9481)
    env+=(Parley__Metrics__Enabled=true Parley__Metrics__Urls="$METRICS_URL")
  fi
  if [ "$provider" = sqlite ]; then
    [ "$DB" = run ] && rm -rf "$WORK/sqlite-run"
    mkdir -p "$WORK/sqlite-$DB"
    env+=(ConnectionStrings__Parley="Data Source=$WORK/sqlite-$DB/parley.db")
  else
    start_postgres
    [ "$DB" = run ] && as_pg "$PGBIN/psql" -h "$PGTMP" -p "$PGPORT" -U postgres -q -c "DROP DATABASE IF EXISTS parley_run" postgres
    as_pg "$PGBIN/psql" -h "$PGTMP" -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'parley_$DB'" postgres | grep -q 1 \
      || as_pg "$PGBIN/psql" -h "$PGTMP" -p "$PGPORT" -U postgres -q -c "CREATE DATABASE parley_$DB" postgres
    env+=(Parley__Database__Provider=postgres ConnectionStrings__Parley="Host=$PGTMP;Port=$PGPORT;Username=postgres;Database=parley_$DB;Maximum Pool Size=100${PG_CONNECTION_EXTRA:+;$PG_CONNECTION_EXTRA}")
  fi
  if [ -n "$backplane" ]; then start_redis; env+=(Parley__Redis__Configuration="$REDIS"); fi
  URLS=""
  for i in $(seq 1 "$nodes"); do
    port=$(free_port 5181)
    dir=$WORK log=$WORK/server-$KIND.log
    if [ "$nodes" -gt 1 ]; then dir=$WORK/node-$i log=$WORK/server-$KIND-$i.log; rm -rf "$dir"; mkdir -p "$dir"; fi
    (cd "$dir" && exec env "${env[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" taskset -c "$SERVER_CPUS" dotnet "$SERVER_DLL") >"$log" 2>&1 &
    SERVER_PIDS+=($!)
    await_ready $! "http://127.0.0.1:$port" "$log"
    URLS+="${URLS:+,}http://127.0.0.1:$port"
  done
}

# Starts the server under test; sets SERVER_PIDS, URLS and (with a backplane) REDIS. DB: "history" (kept between
# runs, for the seeded history room) or "run" (a fresh database each time, so earlier runs' rooms and users don't
# weigh on this one). Kinds: sqlite, postgres, socketio, signalr-floor; postgres-redis (one node with the Redis
# backplane on) and postgres-<N>nodes (N nodes on PostgreSQL and one redis-server) for the cluster comparison.
DB=run
start_server() {
  local port
  KIND=$1
  stop_server
  case $KIND in
    socketio)
      port=$(free_port 5191)
      (cd bench/peers/socketio && PORT=$port exec taskset -c "$SERVER_CPUS" node server.js) >"$WORK/socketio.log" 2>&1 &
      SERVER_PIDS=($!); URLS=http://127.0.0.1:$port
      await_ready $! "$URLS" "$WORK/socketio.log" "listening on $URLS" ;;
    signalr-floor) # an empty SignalR hub: the framework's own cost per connection, under Parley's
      port=$(free_port 5193)
      (cd "$WORK" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" DOTNET_ReadyToRun=0 taskset -c "$SERVER_CPUS" dotnet "$FLOOR_DLL") >"$WORK/floor.log" 2>&1 &
      SERVER_PIDS=($!); URLS=http://127.0.0.1:$port
      await_ready $! "$URLS" "$WORK/floor.log" ;;
    sqlite|postgres) start_parley "$KIND" 1 ;;
    postgres-redis) start_parley postgres 1 redis ;;
    postgres-*nodes) start_parley postgres "${KIND//[^0-9]/}" redis ;;
    *) echo "unknown server kind $KIND" >&2; exit 2 ;;
  esac
}
stop_server() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVER_PIDS=(); REDIS=""
}

# One load-generator run against the running server: prints its JSON line.
load() {
  local kind=$1; shift
  local target=parley label="parley-$kind"
  [ "$kind" = socketio ] && target=socketio label=socketio
  [ "$kind" = signalr-floor ] && target=signalr-floor label=signalr-floor
  local extra=()
  [ "$kind" = sqlite ] && extra+=(--seed-db "sqlite:$WORK/sqlite-$DB/parley.db")
  case $kind in postgres*) extra+=(--seed-db "postgres:Host=$PGTMP;Port=$PGPORT;Username=postgres;Database=parley_$DB" --db-pid "$(postmaster_pid)") ;; esac
  [ -n "$REDIS" ] && extra+=(--redis "$REDIS")
  [ -n "$METRICS_URL" ] && case $kind in sqlite|postgres) extra+=(--metrics-url "$METRICS_URL") ;; esac
  local pids; pids=$(IFS=,; echo "${SERVER_PIDS[*]}")
  taskset -c "$LOAD_CPUS" dotnet "$BENCH_DLL" --target "$target" --label "$label" --url "$URLS" --server-pid "$pids" "${extra[@]}" "$@"
}

# The search corpus read once through the page cache before it is searched: this VM reclaims pages it hasn't touched
# for a while, so a corpus seeded an hour ago is back on disk, and the first rare words would measure the disk.
warm_corpus() { # kind
  # Nothing to read before the first run seeds it (and a failed cat would end the script: set -e).
  if [ "$1" = sqlite ]; then cat "$WORK"/sqlite-search/* >/dev/null 2>&1 || true
  else find "$WORK/pgdata/base" -type f -exec cat {} + >/dev/null 2>&1 || true; fi
}

if [ "$MODE" = one ]; then
  kind=$2; shift 2
  [ "$1" = history ] && DB=history
  [ "$1" = search ] && DB=search && warm_corpus "$kind"
  start_server "$kind"
  pg_statements reset
  load "$kind" --workload "$@"
  pg_statements report
  exit 0
fi
case $MODE in quick|full|cluster|search) ;; *) echo "usage: ./bench.sh quick|full|cluster|search|one <target> <workload> [options]" >&2; exit 2 ;; esac

RESULTS=$WORK/results-$MODE.jsonl
: >"$RESULTS"
# One load-generator run against the running server, its JSON line kept for the report.
measure() { # kind workload options…
  local kind=$1 line; shift
  say "$kind: $*"
  if line=$(load "$kind" "$@" 2>>"$WORK/load.log"); then echo "$line" | tee -a "$RESULTS" >&2
  else say "run failed (see $WORK/load.log)"; echo "{\"workload\":\"$2\",\"target\":\"$kind\",\"shape\":\"failed\",\"errors\":1}" >>"$RESULTS"; fi
}
skips() { case "$2" in *"--workload catchup"*|*"--workload history"*) [ "$1" = socketio ] ;; *) false ;; esac; }

# Full: each workload runs against every server in turn (fresh process each time), Socket.IO in the middle.
run() { # workload options…
  local kind
  DB=run; case "$*" in *"--workload history"*) DB=history ;; esac
  local kinds="sqlite socketio postgres"
  case "$*" in *"--workload idle"*|*"--workload storm"*|*"--workload fanout"*) kinds+=" signalr-floor" ;; esac
  for kind in $kinds; do
    skips "$kind" "$*" && continue
    start_server "$kind"
    measure "$kind" "$@"
    stop_server
  done
}

if [ "$MODE" = cluster ]; then
  # One node against two on the same PostgreSQL: postgres (one node, no Redis), postgres-redis (one node with the
  # backplane on: Redis's cost without crossing nodes) and postgres-2nodes (every room's members split between the
  # nodes, so every message crosses). Each server, fresh with a fresh database, runs fan-out at the same paced load
  # (CLUSTER_RATE messages/s), then at its limit (closed loop); CLUSTER_ROUNDS interleaved rounds, since other work
  # on the machine moves single runs a lot (the report compares medians).
  SHAPE=(--workload fanout --rooms 4 --members 10 --senders 2 --window 4 --warmup 4 --duration 6)
  for round in $(seq 1 "${CLUSTER_ROUNDS:-3}"); do
    for kind in postgres postgres-redis postgres-2nodes; do
      DB=run; start_server "$kind"
      measure "$kind" "${SHAPE[@]}" --rate "${CLUSTER_RATE:-200}"
      measure "$kind" "${SHAPE[@]}"
      stop_server
    done
  done
elif [ "$MODE" = search ]; then
  # The corpus (SEARCH_MESSAGES over 1,000 rooms, the reader in 50) is seeded once per database and kept in $WORK.
  # SEARCH_QUERIES=0 skips the queries (and the corpus) and measures only what indexing costs.
  # A thousand queries of each kind (SEARCH_REQUESTS): a p99 of 200 was their second slowest, one stall of the VM's away
  # from another figure; of 1,000 it is the tenth.
  for kind in $([ "${SEARCH_QUERIES:-1}" = 0 ] || echo sqlite postgres); do
    DB=search; warm_corpus "$kind"; start_server "$kind"
    measure "$kind" --workload search --messages "${SEARCH_MESSAGES:-1000000}" --rooms 1000 --member-of 50 --requests "${SEARCH_REQUESTS:-1000}" --timeout-minutes 90
    stop_server
  done
  # Indexing's cost: the same fan-out of chat-like text on a fresh database, with the index and without it,
  # interleaved rounds (the report compares medians). The database first takes SEARCH_PRELOAD messages (200,000) in a
  # room of their own: on a new, empty table PostgreSQL's autovacuum analyzes it every second or two as the run fills
  # it (each analyze folding every row for the trigram index's statistics), which a server that has run a while
  # doesn't see (docs/benchmarks.md, 2026-12-05 16:15).
  # Paced at the same rate with the index and without it, about three quarters of what the server with the index
  # acknowledges flat out (SEARCH_RATE_SQLITE 1,200 and SEARCH_RATE_POSTGRES 600 msg/s here; 0 = closed loop): a
  # message's CPU then differs by the index's work alone. Closed loop, the slower server with the index also wrote
  # each socket and commit for fewer messages, and perf put 60 % more kernel and .NET CPU on each message with the
  # index than without: several times the index's own work (docs/benchmarks.md, 2026-12-05 19:40). Not lower: at
  # 200 msg/s the server's fixed costs per second (timers, workers, GC) were several hundred µs a message.
  # Warmed up 15 s: after 3 s the JIT was still recompiling hot methods (a fifth of the server's CPU in a 10 s run),
  # a fixed cost that weighed more on the slower of the two.
  # The server's metrics are on in both arms: on SQLite it times its index catch-ups itself, in the same runs
  # (SearchComparison), and the listener's own cost then weighs alike with the index and without.
  # Six rounds: single runs of the same code differ by ±15 % here, more than the 10 % target.
  METRICS=1
  SHAPE=(--workload fanout --rooms 4 --members 10 --senders 2 --window 4 --warmup 15 --duration 10 --text words --preload "${SEARCH_PRELOAD:-200000}")
  for round in $(seq 1 "${SEARCH_ROUNDS:-6}"); do
    for kind in ${SEARCH_KINDS:-sqlite postgres}; do
      rate=${SEARCH_RATE_SQLITE:-1200}; [ "$kind" = postgres ] && rate=${SEARCH_RATE_POSTGRES:-600}
      for without in false true; do
        DB=run; start_server "$kind"
        measure "$kind" "${SHAPE[@]}" --rate "$rate" --drop-search-index "$without"
        stop_server
      done
    done
  done
elif [ "$MODE" = quick ]; then
  # Quick: one server process per target for all workloads (history has its own database), so the run is mostly
  # measuring rather than starting servers. Idle comes first, while the server's memory is as it started.
  QUICK=(
    "--workload idle --connections 1000 --users 20 --settle 1"
    "--workload storm --connections 300 --concurrency 100 --users 20"
    "--workload fanout --rooms 2 --members 10 --senders 2 --window 4 --warmup 1 --duration 3"
    "--workload chatmix --users 40 --warmup 1 --duration 3"
    "--workload catchup --missed 200 --rounds 1"
  )
  for kind in sqlite socketio postgres; do
    DB=run; start_server "$kind"
    for w in "${QUICK[@]}"; do skips "$kind" "$w" || measure "$kind" $w; done
    stop_server
    if ! skips "$kind" "--workload history"; then
      DB=history; start_server "$kind"; measure "$kind" --workload history --messages 100000 --requests 200; stop_server
    fi
  done
else
  run --workload fanout --rooms 4 --members 25 --senders 2 --window 4 --warmup 5 --duration 15
  run --workload fanout --rooms 1 --members 1000 --senders 4 --window 4 --warmup 5 --duration 15
  run --workload chatmix --users 400 --warmup 5 --duration 20
  run --workload idle --connections 1000 --users 100
  run --workload idle --connections 10000 --users 100 --sources 2
  # As many as fit: each process (server and load generator) needs one descriptor per connection.
  MAXCONN=$(( $(ulimit -n) - 2000 )); [ "$MAXCONN" -gt 50000 ] && MAXCONN=50000
  # Parley caps hub connections below its open-files limit (¾ of it by default); here it may take them all.
  Parley__Server__MaxConnections=$MAXCONN run --workload idle --connections "$MAXCONN" --users 100 --sources 4 --settle 10
  run --workload storm --connections 10000 --concurrency 500 --users 100 --sources 2
  run --workload catchup --missed 1000 --rounds 5
  run --workload catchup --missed 5000 --rounds 3
  run --workload history --messages 10000000 --requests 2000 --timeout-minutes 60
fi

versions="dotnet $(dotnet --version), Node $(node --version), socket.io $(node -p "require('./bench/peers/socketio/node_modules/socket.io/package.json').version"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
[ "$MODE" = cluster ] && versions+=", Redis $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
dotnet "$BENCH_DLL" --report "$RESULTS" --markdown docs/benchmarks.md --mode "$MODE" --versions "$versions"
say "appended to docs/benchmarks.md"
