#!/usr/bin/env bash
# The 1,000-row POST's cost on the writer thread: CPU milliseconds per request, which a machine
# shared with other work disturbs far less than req/s (a busy machine delays the writer; it does not
# make SQLite's work larger).
#
#   bench/scripts/bulk-writer-cpu.sh ROUNDS REQUESTS NAME=JAR...
#   bench/scripts/bulk-writer-cpu.sh 4 3000 ref=/tmp/main.jar new=server/target/sqlite-rest.jar
#
# Starts one server per jar (`java -jar`, the launcher's default JVM options or JAVA_OPTS, HS256
# auth and the access log on, each on its own copy of the 10,000-row `books` table of
# http-load.sh), loads each with `wrk -t1 -c64` and bulk.lua for WARMUP_REQUESTS requests (15000,
# about 40 s: the serial collector's young generation only grows after the first full collection,
# see docs/PERFORMANCE.md), then runs ROUNDS rounds of REQUESTS requests alternating the servers
# (equal work: every server's table has the same size at the start of every round, see bulk.lua)
# and prints, per round, req/s / CPU ms of the `sqlite-writer` thread per request / CPU ms of the
# whole process per request.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS REQUESTS NAME=JAR..." >&2; exit 2; }
rounds=$1 requests_per_round=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
lua_dir="$root/bench/scripts/lua"
. "$root/bin/find-jdk.sh" && sqliterest_find_jdk
. "$root/bench/scripts/scratch.sh" bulk-writer-cpu
"$root/bench/scripts/books-db.py" "$work/template.db" 10000
TOKEN=$("$root/bench/scripts/hs256-secret-and-token.py" "$work/secret" load)
export TOKEN LUA_DIR="$lua_dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# shellcheck disable=SC2206 # the options are a list of words
opts=(${JAVA_OPTS:--XX:+UseSerialGC -Xms16m -XX:NewSize=10m -XX:SurvivorRatio=3 -Xmx512m -XX:TrimNativeHeapInterval=2000})

declare -A port pid result
names=()
for spec in "$@"; do
  name=${spec%%=*} jar=${spec#*=}
  names+=("$name")
  cp "$work/template.db" "$work/$name.db"
  port[$name]=$(free_port)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${opts[@]}" -jar "$jar" serve \
    --db-dsn "$work/$name.db?_journal_mode=WAL&_busy_timeout=5000&_synchronous=NORMAL" \
    --security-allow-table books --auth-token-file "$work/secret" --metrics-addr '' \
    --http-addr "127.0.0.1:${port[$name]}" > "$work/$name.log" 2>&1 &
  pid[$name]=$!
  pids+=($!)
  await_first_200 "${port[$name]}" "$work/$name.log"
done

load() { # name requests -> "req/s requests"
  REQUESTS=$2 wrk -t1 -c64 -d300s --timeout 5s -s "$lua_dir/bulk.lua" "http://127.0.0.1:${port[$1]}" |
    awk '/^RESULT/ { print $2, $5 }'
}
ticks() { # pid -> "writer-thread process" CPU clock ticks
  local task writer=0
  for task in /proc/"$1"/task/*; do
    [ "$(cat "$task/comm")" = sqlite-writer ] && writer=$(awk '{ print $14 + $15 }' "$task/stat")
  done
  echo "$writer $(awk '{ print $14 + $15 }' "/proc/$1/stat")"
}
for name in "${names[@]}"; do load "$name" "${WARMUP_REQUESTS:-15000}" > /dev/null; done
hz=$(getconf CLK_TCK)
for _ in $(seq "$rounds"); do
  for name in "${names[@]}"; do
    read -r w0 p0 < <(ticks "${pid[$name]}")
    read -r rps requests < <(load "$name" "$requests_per_round")
    read -r w1 p1 < <(ticks "${pid[$name]}")
    result[$name]+=$(awk -v r="$rps" -v q="$requests" -v w=$((w1 - w0)) -v p=$((p1 - p0)) -v hz="$hz" \
      'BEGIN { printf "%.0f/%.2f/%.2f ", r, w * 1000 / hz / q, p * 1000 / hz / q }')
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "per round: req/s / writer CPU ms per request / process CPU ms per request"
for name in "${names[@]}"; do echo "$name: ${result[$name]}"; done
