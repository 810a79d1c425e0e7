#!/usr/bin/env bash
# Footprint: time from launch to the first answer, then resident memory and throughput under GET
# load, ours against the Go sqlite-rest (the baseline), in the same run.
#
#   bench/scripts/footprint.sh                                   # 3 rounds, about 4 minutes
#   VARIANTS="ours ours-jvm-defaults" ROUNDS=5 bench/scripts/footprint.sh
#   OPTS_g1="-XX:+UseG1GC" VARIANTS="ours g1" bench/scripts/footprint.sh   # try JVM options
#
# Steps: create one 10k-row `books` database (WAL) and sign an HS256 token (as http-load.sh); then
# per round and variant, alternating so that background load hits all alike: copy the database,
# start the server, time it from launch to its first 200 (`GET /books?id=eq.1`) and read the CPU
# time it used until then (less sensitive than the wall time to other load), run `wrk
# -t2 -c64` point reads for 10 s (cold: the JIT compiles meanwhile) and read its RSS, then 10 s
# more (warm) and read RSS and peak RSS (VmHWM) again, stop it. Prints a Markdown table of the
# medians (also saved under bench/results/).
#
# Variants:
#   go                 the Go sqlite-rest (SQLITE_REST_GO, default .interop/bin/sqlite-rest-go)
#   ours               ./sqlite-rest as shipped: its JVM options and AOT cache (docs/PERFORMANCE.md)
#   ours-no-aot        the launcher's JVM options without the AOT cache
#   ours-jvm-defaults  the AOT cache, but the JVM's own heap and GC defaults (SQLITEREST_JAVA_OPTS=" ")
#   ours-before        neither: what the launcher ran before both
#   ours-ref           ./sqlite-rest of another checkout (REF_ROOT, e.g. a worktree of main), as shipped
#   NAME               ours with SQLITEREST_JAVA_OPTS=$OPTS_NAME (the launcher's defaults replaced;
#                      heap options other than the launcher's make the JVM refuse the AOT cache,
#                      so compare those as ours-ref: a copy whose launcher has them)
# Environment: ROUNDS (3), VARIANTS (go ours ours-no-aot ours-jvm-defaults ours-before),
# DURATION (10s per load phase), CONNECTIONS (64), ROWS (10000), LOAD (point-read; or page, the
# 20-row filtered page of bench/scripts/lua/page.lua, through the index on author as in http-load.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
lua_dir="$root/bench/scripts/lua"
go_server=${SQLITE_REST_GO:-$root/.interop/bin/sqlite-rest-go}
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10s} CONNECTIONS=${CONNECTIONS:-64} ROWS=${ROWS:-10000}
LOAD=${LOAD:-point-read}
read -r -a variants <<< "${VARIANTS:-go ours ours-no-aot ours-jvm-defaults ours-before}"

say() { echo "footprint: $*" >&2; }
die() { say "$*"; exit 1; }
[ -f "$lua_dir/$LOAD.lua" ] || die "no load script $lua_dir/$LOAD.lua"
command -v wrk >/dev/null || die "needs wrk (apt-get install wrk)"

# the launcher builds the jar and records the AOT cache when they are missing or stale
"$root/sqlite-rest" --version >&2
if [[ " ${variants[*]} " == *" ours-ref "* ]]; then
  [ -x "${REF_ROOT:-}/sqlite-rest" ] || die "ours-ref needs REF_ROOT, a checkout to compare with"
  "$REF_ROOT/sqlite-rest" --version >&2
fi

. "$root/bench/scripts/scratch.sh" footprint
sqlite3 "$work/template.db" > /dev/null <<EOF
PRAGMA journal_mode=WAL;
CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL,
  year INTEGER NOT NULL, price REAL NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
INSERT INTO books SELECT i, 'Book ' || i, 'author-' || (i % 100), 1950 + i % 75, 5 + i % 75 FROM n;
CREATE INDEX books_author ON books (author);
PRAGMA wal_checkpoint(TRUNCATE);
EOF
TOKEN=$("$root/bench/scripts/hs256-secret-and-token.py" "$work/secret" footprint)
export TOKEN ROWS LUA_DIR="$lua_dir"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dsn_params='_journal_mode=WAL&_busy_timeout=5000&_synchronous=NORMAL'

start() { # variant port -> pid of the server (the launcher execs java)
  local v=$1 port=$2 db="$work/$1.db" opts
  cp "$work/template.db" "$db"
  if [ "$v" = go ]; then
    "$go_server" serve --db-dsn "$db?$dsn_params" --auth-token-file "$work/secret" \
      --security-allow-table books --http-addr "127.0.0.1:$port" --metrics-addr '' \
      > "$work/$v.log" 2>&1 &
    echo $!
    return
  fi
  case $v in
    ours | ours-ref) opts=() ;;
    ours-no-aot) opts=(SQLITEREST_AOT=off) ;;
    ours-jvm-defaults) opts=("SQLITEREST_JAVA_OPTS= ") ;;
    ours-before) opts=(SQLITEREST_AOT=off "SQLITEREST_JAVA_OPTS= ") ;;
    *) local var="OPTS_$v"; [ -n "${!var+set}" ] || die "unknown variant $v (set $var)"
       opts=("SQLITEREST_JAVA_OPTS=${!var}") ;;
  esac
  local launcher="$root/sqlite-rest"
  [ "$v" != ours-ref ] || launcher="$REF_ROOT/sqlite-rest"
  env "${opts[@]}" "$launcher" serve --db-dsn "$db?$dsn_params" \
    --auth-token-file "$work/secret" --security-allow-table books \
    --http-addr "127.0.0.1:$port" --metrics-addr '' > "$work/$v.log" 2>&1 &
  echo $!
}

kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
rps() { # port -> requests per second of one wrk run
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$lua_dir/$LOAD.lua" \
    "http://127.0.0.1:$1" > "$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; die "wrk failed"; }
  awk '/^RESULT / { print $2 }' "$work/wrk.out"
}

cpu_ms() { # pid -> CPU time (user + system) the process has used so far, in ms
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
}
declare -A ready cpu cold warm rss10 rss20 hwm
for round in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    port=$(free_port)
    t0=$(date +%s%N)
    pid=$(start "$v" "$port")
    pids+=("$pid")
    await_first_200 "$port" "$work/$v.log"
    ready[$v,$round]=$(( ($(date +%s%N) - t0) / 1000000 )) cpu[$v,$round]=$(cpu_ms "$pid")
    cold[$v,$round]=$(rps "$port")
    rss10[$v,$round]=$(kib "$pid" VmRSS)
    warm[$v,$round]=$(rps "$port")
    # shellcheck disable=SC2034 # hwm is read through the name reference in col()
    rss20[$v,$round]=$(kib "$pid" VmRSS) hwm[$v,$round]=$(kib "$pid" VmHWM)
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    say "round $round $v: ready ${ready[$v,$round]} ms (CPU ${cpu[$v,$round]} ms), ${cold[$v,$round]} then ${warm[$v,$round]} req/s, RSS $((rss10[$v,$round] / 1024)) then $((rss20[$v,$round] / 1024)) MiB"
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { local -n values=$1; local r; for r in $(seq "$ROUNDS"); do echo "${values[$2,$r]}"; done | median; }
rounds_s() { local -n values=$1; local r; for r in $(seq "$ROUNDS"); do echo "${values[$2,$r]}"; done |
  awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / 1000 }'; }
report() {
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); ours: $(cd "$root" && git rev-parse --short HEAD)."
  echo "Load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg). $ROUNDS rounds alternating ${variants[*]}; medians."
  echo "Each: launch, first 200 of \`GET /books?id=eq.1\`, then wrk -t2 -c$CONNECTIONS $LOAD.lua for $DURATION (cold) and $DURATION more (warm)."
  echo
  echo '| server | first answer | CPU until then | req/s cold | req/s warm | RSS after cold | RSS after warm | peak RSS | first answer per round (s) |'
  echo '|---|---:|---:|---:|---:|---:|---:|---:|---|'
  local v
  for v in "${variants[@]}"; do
    printf '| %s | %.2f s | %.2f s | %.0f | %.0f | %.0f MiB | %.0f MiB | %.0f MiB | %s |\n' "$v" \
      "$(awk -v ms="$(col ready "$v")" 'BEGIN { print ms / 1000 }')" \
      "$(awk -v ms="$(col cpu "$v")" 'BEGIN { print ms / 1000 }')" "$(col cold "$v")" \
      "$(col warm "$v")" "$(awk -v k="$(col rss10 "$v")" 'BEGIN { print k / 1024 }')" \
      "$(awk -v k="$(col rss20 "$v")" 'BEGIN { print k / 1024 }')" \
      "$(awk -v k="$(col hwm "$v")" 'BEGIN { print k / 1024 }')" "$(rounds_s ready "$v")"
  done
}
mkdir -p "$root/bench/results"
out="$root/bench/results/footprint-$(date -u +%Y%m%dT%H%M%SZ).md"
report | tee "$out"
say "saved $out"
