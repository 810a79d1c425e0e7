#!/usr/bin/env bash
# HTTP load test: our server against the Go sqlite-rest (the baseline), same database, same run.
#
#   bench/scripts/http-load.sh     # ~5 min of load after the one-time installs and builds
#
# Steps: install wrk (Debian) and the Go sqlite-rest (into .interop/bin/sqlite-rest-go) when
# missing; build our jar; create one 10k-row `books` database (WAL) and give each server its own
# copy; sign an HS256 token; start both servers on 127.0.0.1; record each scenario's first answer;
# then per scenario warm both servers up and run `wrk -t2 -c32 -d10s --latency` ROUNDS times,
# alternating Go and ours so that drifts in background load hit both alike; print a Markdown table
# with median req/s, p50/p99 and ours/Go ratios (also saved under bench/results/).
#
# Environment: DURATION (10s), WARMUP (15s; the JVM needs it, see docs/PERFORMANCE.md),
# CONNECTIONS (32), THREADS (2), ROWS (10000), ROUNDS (3), SQLITEREST_INTEROP_DIR (<repo>/.interop),
# SQLITE_REST_GO_SRC (a sqlite-rest source checkout to build from when `go install ...@latest`
# cannot reach the module, e.g. when the Go proxy refuses it).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
lua_dir="$root/bench/scripts/lua"
interop=${SQLITEREST_INTEROP_DIR:-$root/.interop}
go_server="$interop/bin/sqlite-rest-go"
DURATION=${DURATION:-10s} WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-32} THREADS=${THREADS:-2} ROWS=${ROWS:-10000} ROUNDS=${ROUNDS:-3}
scenarios=(point-read page insert)
declare -A scenario_title=(
  [point-read]='point read `GET /books?id=eq.N`'
  [page]='filtered page `GET /books?select=..&author=eq.A&order=year.desc,id.asc&limit=20`'
  [insert]='single-row insert `POST /books`'
)

say() { echo "http-load: $*" >&2; }
die() { say "$*"; exit 1; }

# --- 1. tools ------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  say "installing wrk"
  timeout 300 bash -c 'apt-get update -qq && apt-get install -y -qq wrk' >&2
fi
if [ ! -x "$go_server" ]; then
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
(cd "$root" && timeout 900 ./mvnw -B -q -ntp -DskipTests package >&2)

work=$(mktemp -d /tmp/http-load.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work/template.db" "$ROWS" <<'EOF'
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("""CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  author TEXT NOT NULL, year INTEGER NOT NULL, price REAL NOT NULL)""")
db.execute("CREATE INDEX books_author ON books (author)")
rnd = random.Random(42)
db.executemany("INSERT INTO books (id, title, author, year, price) VALUES (?, ?, ?, ?, ?)",
  ((i, f"Book {i}", f"author-{i % 100}", rnd.randint(1950, 2025), round(rnd.uniform(5, 80), 2))
   for i in range(1, int(sys.argv[2]) + 1)))
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
EOF
cp "$work/template.db" "$work/go.db"
cp "$work/template.db" "$work/ours.db"

# The secret file is used verbatim by both servers (no trailing newline: the HMAC key is the raw bytes).
python3 -c 'import secrets,sys; sys.stdout.write(secrets.token_hex(32))' > "$work/secret"
TOKEN=$(python3 - "$work/secret" <<'EOF'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"sub": "load", "exp": int(time.time()) + 3600}).encode())
key = open(sys.argv[1], "rb").read()
sig = b64(hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
EOF
)
export TOKEN ROWS LUA_DIR="$lua_dir"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 3. servers ----------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A port
port[go]=$(free_port)
port[ours]=$(free_port)
# Same DSN for both: WAL, 5 s busy timeout, synchronous=NORMAL (mattn's default would be FULL).
dsn_params='_journal_mode=WAL&_busy_timeout=5000&_synchronous=NORMAL'

"$go_server" serve --db-dsn "$work/go.db?$dsn_params" --auth-token-file "$work/secret" \
  --security-allow-table books --http-addr "127.0.0.1:${port[go]}" --metrics-addr '' \
  > "$work/go.log" 2>&1 &
pids+=($!)
"$root/sqlite-rest" serve --db-dsn "$work/ours.db?$dsn_params" --auth-token-file "$work/secret" \
  --security-allow-table books --http-addr "127.0.0.1:${port[ours]}" --metrics-addr '' \
  > "$work/ours.log" 2>&1 &
pids+=($!)

for server in go ours; do
  for _ in $(seq 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:${port[$server]}/books?id=eq.1" || true)
    [ "$code" = 200 ] && break
    sleep 0.1
  done
  [ "$code" = 200 ] || { tail -20 "$work/$server.log" >&2; die "$server server did not become ready"; }
done

# --- 4. one request per scenario and server, to show how their answers differ --------------------
sample() { # server scenario -> "status · content-type · body"
  local url="http://127.0.0.1:${port[$1]}" args=()
  case $2 in
    point-read) url+='/books?id=eq.7' ;;
    page) url+='/books?select=id,title,year,price&author=eq.author-7&order=year.desc,id.asc&limit=20' ;;
    insert) url+='/books'; args=(-X POST -H 'Content-Type: application/json'
                                 -d '{"title":"probe","author":"author-1","year":2000,"price":1.5}') ;;
  esac
  curl -s -o "$work/body" -w '%{http_code}\t%{content_type}' -H "Authorization: Bearer $TOKEN" \
    "${args[@]}" "$url" > "$work/meta"
  local body
  body=$(head -c 70 "$work/body" | tr '\n' ' ')
  [ "$(stat -c %s "$work/body")" -gt 70 ] && body+="… ($(stat -c %s "$work/body") bytes)"
  printf '%s · %s · `%s`' "$(cut -f1 "$work/meta")" "$(cut -f2 "$work/meta")" "${body:-(empty)}"
}

# --- 5. load -------------------------------------------------------------------------------------
run_wrk() { # server scenario duration -> RESULT line
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency --timeout 5s \
    -s "$lua_dir/$2.lua" "http://127.0.0.1:${port[$1]}" > "$work/wrk.out" 2>&1 ||
    { cat "$work/wrk.out" >&2; die "wrk failed on $1 $2"; }
  grep '^RESULT ' "$work/wrk.out" || { cat "$work/wrk.out" >&2; die "no RESULT line from wrk"; }
}

declare -A result answer
for scenario in "${scenarios[@]}"; do
  for server in go ours; do
    answer[$server,$scenario]=$(sample "$server" "$scenario")
    say "$scenario on $server: warm-up $WARMUP"
    run_wrk "$server" "$scenario" "$WARMUP" > /dev/null
  done
  for round in $(seq "$ROUNDS"); do
    for server in go ours; do
      result[$server,$scenario,$round]=$(run_wrk "$server" "$scenario" "$DURATION")
      say "$scenario on $server, round $round: ${result[$server,$scenario,$round]}"
    done
  done
done

# --- 6. report -----------------------------------------------------------------------------------
# field <server> <scenario> <n>: the n-th number of the RESULT line (1 req/s, 2 p50 us, 3 p99 us,
# 4 requests, 5 HTTP errors, 6 socket errors) of every round, one per line.
field() { local r; for r in $(seq "$ROUNDS"); do awk -v n="$3" '{ print $(n + 1) }' <<< "${result[$1,$2,$r]}"; done; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sum() { awk '{ s += $1 } END { print s }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
round_ratios() { # scenario -> ours/Go req/s of each round, "0.91, 1.10, 1.02"
  paste -d' ' <(field ours "$1" 1) <(field go "$1" 1) | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2 }'
}
rows() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from books").fetchone()[0])' "$1"; }
report() {
  local s v rps p50 p99 errors go_rps go_p99
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs));"
  echo "load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds alternating Go/ours after a $WARMUP warm-up each; $ROWS rows; medians over the rounds."
  echo "Go: $(go version -m "$go_server" 2>/dev/null | awk '$1 ~ /^(mod|dep)$/ && $2 ~ /b4fun\/sqlite-rest$|go-sqlite3$/ { printf "%s %s; ", $2, $3 }')ours: $(cd "$root" && git rev-parse --short HEAD)."
  echo
  echo '| scenario | server | req/s | p50 ms | p99 ms | errors (HTTP/socket) | ours/Go req/s | ours/Go p99 | ours/Go req/s per round |'
  echo '|---|---|---:|---:|---:|---:|---:|---:|---|'
  for s in "${scenarios[@]}"; do
    for v in go ours; do
      rps=$(field "$v" "$s" 1 | median) p50=$(field "$v" "$s" 2 | median) p99=$(field "$v" "$s" 3 | median)
      errors="$(field "$v" "$s" 5 | sum)/$(field "$v" "$s" 6 | sum)"
      if [ "$v" = go ]; then
        go_rps=$rps go_p99=$p99
        echo "| ${scenario_title[$s]} | Go (baseline) | $rps | $(ms "$p50") | $(ms "$p99") | $errors | 1.00 | 1.00 | |"
      else
        echo "| | ours | $rps | $(ms "$p50") | $(ms "$p99") | $errors |" \
          "$(ratio "$rps" "$go_rps") | $(ratio "$p99" "$go_p99") | $(round_ratios "$s") |"
      fi
    done
  done
  echo
  echo 'First request of each scenario (status · Content-Type · body):'
  echo
  echo '| scenario | Go | ours |'
  echo '|---|---|---|'
  for s in "${scenarios[@]}"; do
    echo "| $s | ${answer[go,$s]} | ${answer[ours,$s]} |"
  done
  echo
  echo "Rows after the run: Go $(rows "$work/go.db"), ours $(rows "$work/ours.db") (each started with $ROWS)."
}

mkdir -p "$root/bench/results"
out="$root/bench/results/http-load-$(date -u +%Y%m%dT%H%M%SZ).md"
report | tee "$out"
say "saved $out"
