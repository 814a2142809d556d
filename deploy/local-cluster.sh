#!/usr/bin/env bash
# A whole Parley cluster on loopback, for trying and testing: a throwaway PostgreSQL, Redis, N Parley nodes and HAProxy
# in front of them (deploy/haproxy.cfg with its bind and server lines rewritten). Everything it starts stops when it
# exits: Ctrl-C, SIGTERM, or a start that failed. Only SIGKILL leaves things running.
#
#   deploy/local-cluster.sh [N]          N nodes (default 2), then open http://127.0.0.1:5080
#
# Settings (environment variables):
#   PARLEY_CLUSTER_PORT=5080        HAProxy's port: the address people use
#   PARLEY_CLUSTER_NODE_PORT=5081   the first node's port; node i listens on NODE_PORT + i - 1
#   PARLEY_CLUSTER_REDIS_PORT=6380  Redis, on 127.0.0.1 only
#   PARLEY_CLUSTER_METRICS_PORT=9464  node i serves Prometheus metrics on 127.0.0.1:METRICS_PORT + i - 1
#   PARLEY_CLUSTER_PG_PORT=5432     PostgreSQL has no TCP: the port only names its socket in the cluster directory
#   PARLEY_CLUSTER_DIR=             data and logs; kept on exit, and the database is reused on the next start.
#                                   Unset: a fresh directory under /tmp, removed on exit.
#   PARLEY_CLUSTER_DLL=             a built Parley.Server.dll to run; unset: `dotnet build -c Release` once first
#   PARLEY_CLUSTER_TIMEOUT=120      seconds each step may take to answer before the start counts as failed
# Any other setting reaches every node through the environment, e.g. Parley__Auth__AccessTokenMinutes=60.
# Installs what is missing (Debian: postgresql, redis-server, haproxy) through sudo apt-get when not root.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
NODES=${1:-2}
PORT=${PARLEY_CLUSTER_PORT:-5080}
NODE_PORT=${PARLEY_CLUSTER_NODE_PORT:-5081}
REDIS_PORT=${PARLEY_CLUSTER_REDIS_PORT:-6380}
METRICS_PORT=${PARLEY_CLUSTER_METRICS_PORT:-9464}
PG_PORT=${PARLEY_CLUSTER_PG_PORT:-5432}
TIMEOUT=${PARLEY_CLUSTER_TIMEOUT:-120}
DLL=${PARLEY_CLUSTER_DLL:-}
say() { printf '== %s\n' "$*"; }
# A failed start keeps the cluster directory, so its logs can be read.
fail() { printf 'local-cluster: %s\n' "$*" >&2; KEEP=1; exit 1; }

[[ $NODES =~ ^[1-9][0-9]?$ ]] || fail "usage: $0 [N]: N is the number of nodes, 1 to 99"

# --- what is started, and how it all stops ------------------------------------------------------
STATE="" KEEP=1 PGDATA="" BUILD_PID="" HAPROXY_PID="" REDIS_PID=""
NODE_PIDS=()
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pid() { # pid, name: SIGTERM, then SIGKILL if it is still there after 15 s
  local pid=$1 name=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "$name did not stop in 15 s: killing it"; kill -KILL "$pid" 2>/dev/null; fi
  wait "$pid" 2>/dev/null
}
cleanup() {
  trap '' INT TERM # a second Ctrl-C must not cut the clean-up short
  if [ -n "$BUILD_PID" ] && kill -0 "$BUILD_PID" 2>/dev/null; then
    pkill -TERM -P "$BUILD_PID" 2>/dev/null; stop_pid "$BUILD_PID" build
  fi
  # The load balancer first, so no new request reaches a node that is stopping.
  stop_pid "$HAPROXY_PID" HAProxy
  local i
  for i in "${!NODE_PIDS[@]}"; do kill -TERM "${NODE_PIDS[$i]}" 2>/dev/null; done # they stop in parallel
  for i in "${!NODE_PIDS[@]}"; do stop_pid "${NODE_PIDS[$i]}" "node$((i + 1))"; done
  stop_pid "$REDIS_PID" Redis
  if [ -n "$PGDATA" ] && [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
  fi
  if [ -n "$STATE" ]; then
    if [ "$KEEP" = 1 ]; then say "stopped; data and logs kept in $STATE"
    else rm -rf "$STATE"; say "stopped; removed $STATE"; fi
  fi
}
trap cleanup EXIT
# A requested stop is a clean end (status 0); the EXIT trap does the stopping.
trap 'exit 0' INT TERM

# --- free ports, and what this needs from Debian --------------------------------------------------
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$REDIS_PORT" $(seq "$NODE_PORT" $((NODE_PORT + NODES - 1))) $(seq "$METRICS_PORT" $((METRICS_PORT + NODES - 1))); do
  port_taken "$p" && fail "port $p on 127.0.0.1 is in use: stop what holds it, or choose others" \
    "(PARLEY_CLUSTER_PORT, PARLEY_CLUSTER_NODE_PORT, PARLEY_CLUSTER_REDIS_PORT, PARLEY_CLUSTER_METRICS_PORT)"
done
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "could not install ${missing[*]}"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

# --- the cluster directory ------------------------------------------------------------------------
if [ -n "${PARLEY_CLUSTER_DIR:-}" ]; then
  STATE=$(mkdir -p "$PARLEY_CLUSTER_DIR" && cd "$PARLEY_CLUSTER_DIR" && pwd) || fail "cannot create $PARLEY_CLUSTER_DIR"
else
  STATE=$(mktemp -d /tmp/parley-cluster.XXXXXX) || fail "cannot create a directory under /tmp"
  KEEP=0
fi
LOGS=$STATE/logs
mkdir -p "$LOGS" "$STATE/files" "$STATE/redis" "$STATE/pg"
# PostgreSQL runs as `postgres` when this runs as root: it must reach its own directory.
touch "$LOGS/postgresql.log"
if [ "$(id -u)" -eq 0 ]; then chmod o+x "$STATE"; chown postgres "$STATE/pg" "$LOGS/postgresql.log"; fi

# --- the server, built once -----------------------------------------------------------------------
if [ -z "$DLL" ]; then
  say "building the server (log: $LOGS/build.log)"
  # In the background so Ctrl-C stops it at once; no build servers are left running afterwards.
  dotnet build "$REPO/src/Parley.Server" -c Release -nologo -v q --disable-build-servers >"$LOGS/build.log" 2>&1 &
  BUILD_PID=$!
  wait "$BUILD_PID" || { grep -E "error" "$LOGS/build.log" | head -20 >&2; fail "the build failed: $LOGS/build.log"; }
  BUILD_PID=""
  DLL=$REPO/src/Parley.Server/bin/Release/net10.0/Parley.Server.dll
fi
[ -f "$DLL" ] || fail "no server at $DLL"
DLL=$(cd "$(dirname "$DLL")" && pwd)/$(basename "$DLL")
# A build output has no wwwroot/ beside it (a published server has): it is served from the project folder.
CONTENT_ROOT=()
[ -f "$(dirname "$DLL")/wwwroot/index.html" ] || CONTENT_ROOT=("--contentRoot=$REPO/src/Parley.Server")

# --- PostgreSQL: own data and socket directory, no TCP ---------------------------------------------
PGDATA=$STATE/pg/data
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale >"$LOGS/initdb.log" 2>&1 \
    || { cat "$LOGS/initdb.log" >&2; fail "initdb failed"; }
  NEW_DB=1
fi
# Every node holds a pool of up to 100 connections.
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LOGS/postgresql.log" -w -t "$TIMEOUT" -o \
  "-k $STATE/pg -p $PG_PORT -c listen_addresses='' -c max_connections=$((NODES * 100 + 50))" start >/dev/null \
  || { tail -n 20 "$LOGS/postgresql.log" >&2; fail "PostgreSQL did not start"; }
if [ "${NEW_DB:-0}" = 1 ]; then
  "$PGBIN/createdb" -h "$STATE/pg" -p "$PG_PORT" -U postgres parley || fail "could not create the database"
fi
say "PostgreSQL: pid $(head -n 1 "$PGDATA/postmaster.pid"), socket $STATE/pg port $PG_PORT, log $LOGS/postgresql.log"
say "    psql -h $STATE/pg -p $PG_PORT -U postgres parley"

# --- Redis: loopback only, nothing saved to disk -------------------------------------------------
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" --save "" --appendonly no \
  >"$LOGS/redis.log" 2>&1 &
REDIS_PID=$!
say "Redis: pid $REDIS_PID, 127.0.0.1:$REDIS_PORT, log $LOGS/redis.log"

# --- the nodes -------------------------------------------------------------------------------------
http_status() { # port path: the HTTP status it answers, or nothing (plain bash: no curl needed)
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
    read -r -t 5 _ code _ <&3 && printf '%s' "$code"
  ) 2>/dev/null
}
for ((i = 1; i <= NODES; i++)); do
  dir=$STATE/node$i
  mkdir -p "$dir"
  # Its own working directory (anything relative lands there); the files are shared, as on a network path.
  (cd "$dir" && exec env \
    ASPNETCORE_URLS="http://127.0.0.1:$((NODE_PORT + i - 1))" \
    Parley__Database__Provider=postgres \
    ConnectionStrings__Parley="Host=$STATE/pg;Port=$PG_PORT;Username=postgres;Database=parley" \
    Parley__Redis__Configuration="127.0.0.1:$REDIS_PORT" \
    Parley__Node__Name="node$i" \
    Parley__Metrics__Urls="http://127.0.0.1:$((METRICS_PORT + i - 1))" \
    Parley__Files__Path="$STATE/files" \
    Parley__Proxy__KnownProxies__0=127.0.0.1 \
    dotnet "$DLL" "${CONTENT_ROOT[@]}") >"$LOGS/node$i.log" 2>&1 &
  NODE_PIDS+=($!)
  say "node$i: pid $!, http://127.0.0.1:$((NODE_PORT + i - 1)), metrics http://127.0.0.1:$((METRICS_PORT + i - 1))/metrics, log $LOGS/node$i.log"
done
for ((i = 1; i <= NODES; i++)); do
  for ((t = 0; ; t++)); do
    [ "$(http_status $((NODE_PORT + i - 1)) /healthz)" = 200 ] && break
    kill -0 "${NODE_PIDS[$((i - 1))]}" 2>/dev/null || { tail -n 20 "$LOGS/node$i.log" >&2; fail "node$i exited"; }
    ((t < TIMEOUT * 5)) || { tail -n 20 "$LOGS/node$i.log" >&2; fail "node$i did not answer /healthz in $TIMEOUT s"; }
    sleep 0.2
  done
done

# --- HAProxy: deploy/haproxy.cfg with this cluster's bind and server lines ---------------------------
awk -v port="$PORT" -v first="$NODE_PORT" -v n="$NODES" '
  /^[[:space:]]*bind[[:space:]]/ { print "    bind 127.0.0.1:" port; next }
  /^[[:space:]]*server[[:space:]]/ {
    if (!done) for (i = 1; i <= n; i++) print "    server node" i " 127.0.0.1:" (first + i - 1) " cookie node" i
    if (!done) for (i = 1; i <= n; i++) print "    server node" i "-spare 127.0.0.1:" (first + i - 1) " cookie node" i "-spare backup no-check"
    done = 1; next
  }
  { print }' "$REPO/deploy/haproxy.cfg" >"$STATE/haproxy.cfg"
# Its maxconn wants two descriptors per connection; a user may not raise the open-files limit that far (-n lowers it).
hard=$(ulimit -Hn); [ "$hard" = unlimited ] && hard=1048576
MAXCONN=$(( (hard - 100) / 2 < 20000 ? (hard - 100) / 2 : 20000 ))
"$HAPROXY" -c -q -n "$MAXCONN" -f "$STATE/haproxy.cfg" || fail "HAProxy refused $STATE/haproxy.cfg"
"$HAPROXY" -db -n "$MAXCONN" -f "$STATE/haproxy.cfg" >"$LOGS/haproxy.log" 2>&1 &
HAPROXY_PID=$!
say "HAProxy: pid $HAPROXY_PID, http://127.0.0.1:$PORT, config $STATE/haproxy.cfg, log $LOGS/haproxy.log"
# HAProxy sends traffic to a node once its health check (/healthz/ready) has passed twice.
for ((t = 0; ; t++)); do
  [ "$(http_status "$PORT" /healthz)" = 200 ] && break
  kill -0 "$HAPROXY_PID" 2>/dev/null || { tail -n 20 "$LOGS/haproxy.log" >&2; fail "HAProxy exited"; }
  ((t < TIMEOUT * 5)) || fail "HAProxy found no node ready in $TIMEOUT s (each node's /healthz/ready: see its log)"
  sleep 0.2
done
say "ready: http://127.0.0.1:$PORT ($NODES node$( ((NODES > 1)) && echo s); Ctrl-C stops everything)"

# --- until stopped: say when something dies --------------------------------------------------------
declare -A gone=()
while :; do
  wait -n 2>/dev/null # returns when a child exits, and at once on Ctrl-C or SIGTERM
  alive=0
  for i in "${!NODE_PIDS[@]}"; do
    if kill -0 "${NODE_PIDS[$i]}" 2>/dev/null; then alive=$((alive + 1))
    elif [ -z "${gone[node$i]:-}" ]; then
      gone[node$i]=1; say "node$((i + 1)) (pid ${NODE_PIDS[$i]}) exited: $LOGS/node$((i + 1)).log"
    fi
  done
  for name in Redis HAProxy; do
    pid=$REDIS_PID; [ "$name" = HAProxy ] && pid=$HAPROXY_PID
    if ! kill -0 "$pid" 2>/dev/null && [ -z "${gone[$name]:-}" ]; then gone[$name]=1; say "$name (pid $pid) exited"; fi
  done
  ((alive > 0)) || fail "every node has exited"
done
