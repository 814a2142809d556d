#!/usr/bin/env bash
# Runs every test suite, once on SQLite and once on a throwaway PostgreSQL, and ends with "N passed, N failed".
# Installs what is missing first (Debian: postgresql, redis-server, haproxy, chromium, coturn, janus; npm packages). Safe to run on a
# fresh Debian machine with the .NET SDK, Node and npm. Test results, logs and screenshots go to .test-artifacts/.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
RESULTS=$ROOT/.test-artifacts/results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
say() { printf '== %s\n' "$*"; }

# --- 1. what this needs from Debian -------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) # the cluster tests: Redis backplane,
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy) # and HAProxy in front
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v turnserver >/dev/null 2>&1 || [ -x /usr/bin/turnserver ] || missing+=(coturn) # calls: the tests start their own TURN on loopback
command -v janus >/dev/null 2>&1 || [ -x /usr/bin/janus ] || missing+=(janus) # group calls: the tests start their own Janus (VideoRoom SFU)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji) # emoji in screenshots
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# --- 2. a throwaway PostgreSQL: own data dir, own socket dir, no TCP; stopped on any exit ----------
PGTMP=$(mktemp -d /tmp/parley-pg.XXXXXX)
PGPORT=54329
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PGTMP"
}
trap cleanup EXIT
say "starting PostgreSQL in $PGTMP"
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C --lc-ctype=C.UTF-8 >"$RESULTS/initdb.log" 2>&1 \
  || { cat "$RESULTS/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -o \
  "-k $PGTMP -p $PGPORT -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=400" start >/dev/null \
  || { cat "$PGTMP/server.log"; echo "0 passed, 1 failed"; exit 1; }
PG_ADMIN="Host=$PGTMP;Port=$PGPORT;Username=postgres;Database=postgres"

# --- 3. npm packages and one build --------------------------------------------------------------
npm_restore() { # installs a folder's locked packages when missing or older than its lock file
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "0 passed, 1 failed"; exit 1; }
  fi
}
npm_restore web
npm_restore tests/e2e
npm_restore tests/s3 # an S3-compatible server for the S3 file store test
npm_restore tests/oidc # a real OpenID provider (oidc-provider) for the single sign-on tests
say "building"
if ! dotnet build Parley.slnx -c Release -nologo -v q >"$RESULTS/build.log" 2>&1; then
  grep -E "error|Error" "$RESULTS/build.log" | head -40
  echo "0 passed, 1 failed"; exit 1
fi

# --- 4. the suites -------------------------------------------------------------------------------
# Two lanes run side by side on the two cores: the server suites in one, the client and browser suites in the other. Each
# suite writes its own log and result file; the totals are counted from the result files once both lanes are done.
# The browser suites wait on the browser a third of the time and slow down twice over when the server suites take every
# core, so those run niced: they soak up what the browser suites leave and have the machine to themselves after.
dotnet_suite() { # name, then env assignments
  local name=$1; shift
  env "$@" dotnet test tests/Parley.Tests -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" 2>&1 \
    | grep -vE '^\s*$|\[SKIP\]|^\s*Skipped ' | tail -n 60
}
vitest_suite() {
  (cd web && npx vitest run --passWithNoTests --reporter=default --reporter=json --outputFile="$RESULTS/vitest.json" 2>&1) \
    | grep -vE '^\s*$' | tail -n 30
}
# Each browser test is bounded (3 min; the longest takes about 35 s): a hung one fails instead of holding the run.
e2e_suite() { # name, then env assignments: Playwright in Debian's Chromium against the real server
  local name=$1; shift
  (cd tests/e2e && env "$@" PARLEY_E2E_CONFIGURATION=Release node --test --test-concurrency=1 --test-timeout=180000 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$RESULTS/e2e-$name.tap" 2>&1) | tail -n 40
}
timed() { # label, log, command...: runs a suite into its log and notes how long it took
  local label=$1 log=$2 t0=$SECONDS; shift 2
  say "$label: started" ; "$@" >"$log" 2>&1; say "$label: done in $((SECONDS - t0)) s"
}
server_lane() {
  timed "server tests on sqlite" "$RESULTS/server-sqlite.log" dotnet_suite sqlite PARLEY_TEST_POSTGRES=
  timed "server tests on postgres" "$RESULTS/server-postgres.log" dotnet_suite postgres PARLEY_TEST_POSTGRES="$PG_ADMIN"
}
client_lane() {
  timed "web client tests (Vitest)" "$RESULTS/vitest.log" vitest_suite
  timed "end-to-end tests on sqlite" "$RESULTS/e2e-sqlite.log" e2e_suite sqlite PARLEY_TEST_POSTGRES_SOCKET=
  timed "end-to-end tests on postgres" "$RESULTS/e2e-postgres.log" e2e_suite postgres PARLEY_TEST_POSTGRES_SOCKET="$PGTMP:$PGPORT"
}
server_lane_niced() { renice -n 10 -p $BASHPID >/dev/null; server_lane; }
server_lane_niced & server_pid=$!
client_lane & client_pid=$!
wait "$server_pid" "$client_pid"
for log in server-sqlite server-postgres vitest e2e-sqlite e2e-postgres; do
  say "$log"; cat "$RESULTS/$log.log" 2>/dev/null
done

passed=0; failed=0
count_trx() { # adds a trx file's counters to the totals; a missing file is one failure
  local trx=$1 p f
  if [ ! -f "$trx" ]; then failed=$((failed + 1)); return; fi
  p=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
  f=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
count_trx "$RESULTS/sqlite.trx"
count_trx "$RESULTS/postgres.trx"
if [ -f "$RESULTS/vitest.json" ]; then
  read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTests||0))' "$RESULTS/vitest.json")
  passed=$((passed + p)); failed=$((failed + f))
else failed=$((failed + 1)); fi
for name in sqlite postgres; do
  tap=$RESULTS/e2e-$name.tap
  if [ -f "$tap" ]; then
    p=$(grep -E '^# pass ' "$tap" | tail -n 1 | grep -o '[0-9]*'); f=$(grep -E '^# fail ' "$tap" | tail -n 1 | grep -o '[0-9]*')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
  else failed=$((failed + 1)); fi
done

# --- 5. what failed, by name, then one line ------------------------------------------------------
node tests/failures.mjs "$RESULTS" || true
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
