#!/usr/bin/env bash
# HTTP load test: our server against the Go sqlite-rest (the baseline), same database, same run.
#
#   bench/scripts/http-load.sh     # ~20 min of load after the one-time installs and builds
#   VARIANTS="go ours" SCENARIOS=point-read ROUNDS=1 bench/scripts/http-load.sh   # a quick look
#
# Steps: install wrk (Debian) and the Go sqlite-rest (into .interop/bin/sqlite-rest-go) when
# missing; build our jar; create one 10k-row `books` database (WAL) and give each server its own
# copy; sign an HS256 token; start the servers one after another on 127.0.0.1, timing each from
# launch to its first answer; record each scenario's first answer; then per scenario warm every
# server up and run `wrk -t2 -c64 -d10s --latency` ROUNDS times, alternating the servers round by
# round so that drifts in background load hit all alike; print a Markdown table with median req/s,
# p50/p99, ratios to Go and to the HTTP floor, start-up time and RSS (also saved under
# bench/results/).
#
# The servers (VARIANTS), all in their default configuration unless named otherwise:
#   go           the Go sqlite-rest, HS256 auth, its default logging (one line per request)
#   ours         sqlite-rest for Java, HS256 auth, JSON access log
#   ours-nolog   ours with --log-level -1 (no access log)
#   ours-noauth  ours with --auth-disabled (access log on)
#   ours-bare    ours with neither
#   ours-ref     another build of ours, default configuration: the jar in SQLITE_REST_REF_JAR
#                (A/B of two commits in one run: build the old commit, copy its
#                server/target/sqlite-rest.jar aside, name it here); it runs as `java -jar` with
#                SQLITEREST_JAVA_OPTS only, not with the launcher's default JVM options: set
#                SQLITEREST_JAVA_OPTS to compare both with the same ones
#   floor        GET /live on the admin listener of `ours` (point-read only): same JVM and Jetty,
#                no database, no auth, no access log: the most an HTTP request can do here
#
# Environment: DURATION (10s), WARMUP (15s; the JVM needs it, see docs/PERFORMANCE.md),
# BULK_REQUESTS (3000), BULK_WARMUP_REQUESTS (6000), BULK_MAX_SECONDS (300: a bulk run that has not
# reached its count by then stops the script),
# CONNECTIONS (64), THREADS (2), ROWS (10000), ROUNDS (3), VARIANTS (all of the above),
# SCENARIOS (point-read page insert bulk), SQLITEREST_INTEROP_DIR (<repo>/.interop),
# SQLITE_REST_REF_JAR (the jar of the ours-ref variant),
# SQLITE_REST_GO (a Go sqlite-rest binary to use as it is), SQLITE_REST_GO_SRC (a sqlite-rest source checkout to build from when `go install ...@latest`
# cannot reach the module, e.g. when the Go proxy refuses it).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
lua_dir="$root/bench/scripts/lua"
interop=${SQLITEREST_INTEROP_DIR:-$root/.interop}
go_server=${SQLITE_REST_GO:-$interop/bin/sqlite-rest-go}
DURATION=${DURATION:-10s} WARMUP=${WARMUP:-15s}
BULK_REQUESTS=${BULK_REQUESTS:-3000} BULK_WARMUP_REQUESTS=${BULK_WARMUP_REQUESTS:-6000}
BULK_MAX_SECONDS=${BULK_MAX_SECONDS:-300}
CONNECTIONS=${CONNECTIONS:-64} THREADS=${THREADS:-2} ROWS=${ROWS:-10000} ROUNDS=${ROUNDS:-3}
read -r -a variants <<< "${VARIANTS:-go ours ours-nolog ours-noauth ours-bare floor}"
read -r -a scenarios <<< "${SCENARIOS:-point-read page insert bulk}"
declare -A scenario_title=(
  [point-read]='point read `GET /books?id=eq.N`'
  [page]='filtered page `GET /books?select=..&author=eq.A&order=year.desc,id.asc&limit=20`'
  [insert]='single-row insert `POST /books`'
  [bulk]='1,000-row insert `POST /books` (JSON array)'
)

say() { echo "http-load: $*" >&2; }
die() { say "$*"; exit 1; }

# --- 1. tools ------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  say "installing wrk"
  timeout 300 bash -c 'apt-get update -qq && apt-get install -y -qq wrk' >&2
fi
if [[ " ${variants[*]} " == *" go "* ]] && [ ! -x "$go_server" ]; then
  go=$(command -v go || echo /usr/local/go/bin/go)
  gobin=$(mktemp -d)
  say "building the Go sqlite-rest (cgo, takes a few minutes the first time)"
  if ! GOBIN="$gobin" CGO_ENABLED=1 timeout 900 "$go" install github.com/b4fun/sqlite-rest@latest >&2; then
    [ -n "${SQLITE_REST_GO_SRC:-}" ] ||
      die "go install github.com/b4fun/sqlite-rest@latest failed; set SQLITE_REST_GO_SRC to a source checkout"
    say "building from $SQLITE_REST_GO_SRC instead"
    (cd "$SQLITE_REST_GO_SRC" && GOBIN="$gobin" CGO_ENABLED=1 timeout 900 "$go" install . >&2)
  fi
  mkdir -p "$interop/bin"
  install -m 0755 "$gobin/sqlite-rest" "$go_server"
  rm -rf "$gobin"
fi

# --- 2. our jar, database, secret, token ---------------------------------------------------------
say "building our jar"
(cd "$root" && timeout 900 nice -n 10 ./mvnw -B -q -ntp -DskipTests package >&2)
# the launcher records its AOT cache on the first run after a build: here, not in a timed start
"$root/sqlite-rest" --version >&2

. "$root/bench/scripts/scratch.sh" http-load

"$root/bench/scripts/books-db.py" "$work/template.db" "$ROWS"

# the secret file is used verbatim by the servers as the HMAC key
TOKEN=$("$root/bench/scripts/hs256-secret-and-token.py" "$work/secret" load)
export TOKEN ROWS LUA_DIR="$lua_dir"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 3. servers ----------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Same DSN for all: WAL, 5 s busy timeout, synchronous=NORMAL (mattn's default would be FULL).
dsn_params='_journal_mode=WAL&_busy_timeout=5000&_synchronous=NORMAL'
declare -A port pid_of ready_ms
servers=()
for v in "${variants[@]}"; do [ "$v" = floor ] || servers+=("$v"); done
admin_port=$(free_port)

start_server() { # variant
  local v=$1 db="$work/$1.db" args=()
  cp "$work/template.db" "$db"
  port[$v]=$(free_port)
  case $v in
    go)
      "$go_server" serve --db-dsn "$db?$dsn_params" --auth-token-file "$work/secret" \
        --security-allow-table books --http-addr "127.0.0.1:${port[$v]}" --metrics-addr '' \
        > "$work/$v.log" 2>&1 &
      ;;
    ours*)
      case $v in
        ours) args=(--auth-token-file "$work/secret" --metrics-addr "127.0.0.1:$admin_port") ;;
        ours-nolog) args=(--auth-token-file "$work/secret" --log-level -1 --metrics-addr '') ;;
        ours-noauth) args=(--auth-disabled --metrics-addr '') ;;
        ours-bare) args=(--auth-disabled --log-level -1 --metrics-addr '') ;;
        ours-ref) args=(--auth-token-file "$work/secret" --metrics-addr '') ;;
        *) die "unknown variant $v" ;;
      esac
      local launch=("$root/sqlite-rest")
      if [ "$v" = ours-ref ]; then
        [ -f "${SQLITE_REST_REF_JAR:-}" ] || die "ours-ref needs SQLITE_REST_REF_JAR (a sqlite-rest.jar)"
        . "$root/bin/find-jdk.sh" && sqliterest_find_jdk
        # shellcheck disable=SC2206 # the options are a list of words
        launch=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${SQLITEREST_JAVA_OPTS:-} -jar "$SQLITE_REST_REF_JAR")
      fi
      "${launch[@]}" serve --db-dsn "$db?$dsn_params" --security-allow-table books \
        --http-addr "127.0.0.1:${port[$v]}" "${args[@]}" > "$work/$v.log" 2>&1 &
      ;;
    *) die "unknown variant $v" ;;
  esac
  pid_of[$v]=$!
  pids+=($!)
}

# started one at a time so that each start-up has the machine to itself; ready = first 200
for v in "${servers[@]}"; do
  t0=$(date +%s%N)
  start_server "$v"
  await_first_200 "${port[$v]}" "$work/$v.log"
  ready_ms[$v]=$(( ($(date +%s%N) - t0) / 1000000 ))
  say "$v ready after ${ready_ms[$v]} ms"
done
if [[ " ${variants[*]} " == *" floor "* ]]; then
  [ -n "${port[ours]:-}" ] || die "the floor variant needs the ours variant"
  port[floor]=$admin_port
fi

# --- 4. one request per scenario and server, to show how their answers differ --------------------
sample() { # server scenario -> "status · content-type · body"
  local url="http://127.0.0.1:${port[$1]}" args=()
  case $2 in
    point-read) url+='/books?id=eq.7' ;;
    page) url+='/books?select=id,title,year,price&author=eq.author-7&order=year.desc,id.asc&limit=20' ;;
    insert) url+='/books'; args=(-X POST -H 'Content-Type: application/json'
                                 -d '{"title":"probe","author":"author-1","year":2000,"price":1.5}') ;;
    bulk) url+='/books'; args=(-X POST -H 'Content-Type: application/json'
                               -d '[{"title":"probe","author":"author-1","year":2000,"price":1.5},{"title":"probe","author":"author-2","year":2001,"price":2.5}]') ;;
  esac
  curl -s -o "$work/body" -w '%{http_code}\t%{content_type}' -H "Authorization: Bearer $TOKEN" \
    "${args[@]}" "$url" > "$work/meta"
  local body
  body=$(head -c 70 "$work/body" | tr '\n' ' ')
  [ "$(stat -c %s "$work/body")" -gt 70 ] && body+="… ($(stat -c %s "$work/body") bytes)"
  printf '%s · %s · `%s`' "$(cut -f1 "$work/meta")" "$(cut -f2 "$work/meta")" "${body:-(empty)}"
}

# --- 5. load -------------------------------------------------------------------------------------
run_wrk() { # server scenario warm-up|round -> RESULT line
  local script=$2 length=(-t"$THREADS" -d"$DURATION") requests=''
  [ "$3" = warm-up ] && length=(-t"$THREADS" -d"$WARMUP")
  [ "$1" = floor ] && script=live
  if [ "$2" = bulk ]; then # a fixed count, see the top
    requests=$BULK_REQUESTS
    [ "$3" = warm-up ] && requests=$BULK_WARMUP_REQUESTS
    length=(-t1 -d"$BULK_MAX_SECONDS"s)
  fi
  REQUESTS=$requests wrk "${length[@]}" -c"$CONNECTIONS" --latency --timeout 5s \
    -s "$lua_dir/$script.lua" "http://127.0.0.1:${port[$1]}" > "$work/wrk.out" 2>&1 ||
    { cat "$work/wrk.out" >&2; die "wrk failed on $1 $2"; }
  local line
  line=$(grep '^RESULT ' "$work/wrk.out") || { cat "$work/wrk.out" >&2; die "no RESULT line from wrk"; }
  [ -z "$requests" ] || [ "$(awk '{ print $5 }' <<< "$line")" = "$requests" ] ||
    die "$2 on $1 did not reach $requests answers in ${BULK_MAX_SECONDS}s ($line); raise BULK_MAX_SECONDS"
  echo "$line"
}
rss_mib() { awk -v k="$2" '$1 == k":" { printf "%.0f", $2 / 1024 }' "/proc/${pid_of[$1]}/status"; }
in_scenario() { # variant scenario: the floor is measured beside the point reads only
  [ "$1" != floor ] || [ "$2" = point-read ]
}

declare -A result answer rss hwm
for scenario in "${scenarios[@]}"; do
  for v in "${variants[@]}"; do
    in_scenario "$v" "$scenario" || continue
    [ "$v" = floor ] || answer[$v,$scenario]=$(sample "$v" "$scenario")
    say "$scenario on $v: warm-up"
    run_wrk "$v" "$scenario" warm-up > /dev/null
  done
  for round in $(seq "$ROUNDS"); do
    for v in "${variants[@]}"; do
      in_scenario "$v" "$scenario" || continue
      result[$v,$scenario,$round]=$(run_wrk "$v" "$scenario" round)
      say "$scenario on $v, round $round: ${result[$v,$scenario,$round]}"
    done
  done
  if [ "$scenario" = point-read ]; then
    for v in "${servers[@]}"; do rss[$v]=$(rss_mib "$v" VmRSS) hwm[$v]=$(rss_mib "$v" VmHWM); done
  fi
done

# --- 6. report -----------------------------------------------------------------------------------
# field <server> <scenario> <n>: the n-th number of the RESULT line (1 req/s, 2 p50 us, 3 p99 us,
# 4 requests, 5 HTTP errors, 6 socket errors) of every round, one per line.
field() { local r; for r in $(seq "$ROUNDS"); do awk -v n="$3" '{ print $(n + 1) }' <<< "${result[$1,$2,$r]}"; done; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sum() { awk '{ s += $1 } END { print s }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
has() { [[ " ${variants[*]} " == *" $1 "* ]]; }
round_ratios() { # variant scenario -> variant/Go req/s of each round, "0.91, 1.10, 1.02"
  paste -d' ' <(field "$1" "$2" 1) <(field go "$2" 1) | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2 }'
}
rows() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from books").fetchone()[0])' "$1"; }
report() {
  local s v rps p50 p99 errors go_rps='' go_p99='' floor_rps=''
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs));"
  echo "load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds alternating ${variants[*]} after a $WARMUP warm-up each; $ROWS rows; medians over the rounds."
  if [[ " ${scenarios[*]} " == *" bulk "* ]]; then
    echo "1,000-row POST: equal work, wrk -t1 -c$CONNECTIONS, $BULK_REQUESTS requests per round after $BULK_WARMUP_REQUESTS warm-up requests on every server."
  fi
  echo "Go: $(go version -m "$go_server" 2>/dev/null | awk '$1 ~ /^(mod|dep)$/ && $2 ~ /b4fun\/sqlite-rest$|go-sqlite3$/ { printf "%s %s; ", $2, $3 }')ours: $(cd "$root" && git rev-parse --short HEAD)."
  echo
  echo '| scenario | server | req/s | p50 ms | p99 ms | errors (HTTP/socket) | ÷ Go req/s | ÷ Go p99 | ÷ floor req/s | ÷ Go req/s per round |'
  echo '|---|---|---:|---:|---:|---:|---:|---:|---:|---|'
  if has floor; then floor_rps=$(field floor point-read 1 | median); fi
  for s in "${scenarios[@]}"; do
    local title=${scenario_title[$s]}
    if has go; then go_rps=$(field go "$s" 1 | median) go_p99=$(field go "$s" 3 | median); fi
    for v in "${variants[@]}"; do
      in_scenario "$v" "$s" || continue
      rps=$(field "$v" "$s" 1 | median) p50=$(field "$v" "$s" 2 | median) p99=$(field "$v" "$s" 3 | median)
      errors="$(field "$v" "$s" 5 | sum)/$(field "$v" "$s" 6 | sum)"
      local vs_go='' vs_p99='' vs_floor='' per_round=''
      if [ -n "$go_rps" ] && [ "$v" != floor ]; then
        vs_go=$(ratio "$rps" "$go_rps") vs_p99=$(ratio "$p99" "$go_p99")
        [ "$v" = go ] || per_round=$(round_ratios "$v" "$s")
      fi
      [ -n "$floor_rps" ] && [[ $v == ours* ]] && vs_floor=$(ratio "$rps" "$floor_rps")
      echo "| $title | $v | $rps | $(ms "$p50") | $(ms "$p99") | $errors | $vs_go | $vs_p99 | $vs_floor | $per_round |"
      title=''
    done
  done
  echo
  echo '| server | first answer after launch | RSS after the point-read rounds | peak RSS (VmHWM) |'
  echo '|---|---:|---:|---:|'
  for v in "${servers[@]}"; do
    echo "| $v | $(awk -v ms="${ready_ms[$v]}" 'BEGIN { printf "%.2f s", ms / 1000 }') | ${rss[$v]:-–} MiB | ${hwm[$v]:-–} MiB |"
  done
  echo
  echo 'First request of each scenario (status · Content-Type · body):'
  echo
  echo "| scenario | $(IFS='|'; echo "${servers[*]}" | sed 's/|/ | /g') |"
  echo "|---|$(for _ in "${servers[@]}"; do printf -- '---|'; done)"
  for s in "${scenarios[@]}"; do
    printf '| %s |' "$s"
    for v in "${servers[@]}"; do printf ' %s |' "${answer[$v,$s]}"; done
    echo
  done
  echo
  printf 'Rows after the run (each started with %s):' "$ROWS"
  for v in "${servers[@]}"; do printf ' %s %s;' "$v" "$(rows "$work/$v.db")"; done
  echo
}

mkdir -p "$root/bench/results"
out="$root/bench/results/http-load-$(date -u +%Y%m%dT%H%M%SZ).md"
report | tee "$out"
say "saved $out"
