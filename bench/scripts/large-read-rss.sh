#!/usr/bin/env bash
# Memory under large reads: the server's resident memory (RSS) while clients fetch a whole 1 GiB
# table at once, in the default configuration (HS256 auth and the JSON access log on).
#
#   bench/scripts/large-read-rss.sh                   # 1 GiB table, 4 clients (a few minutes)
#   TABLE_MIB=64 CLIENTS=2 bench/scripts/large-read-rss.sh   # a quick look
#
# Steps: (the launcher builds the jar when it is missing or stale) create (or reuse, DB=path) a table `big` of TABLE_MIB MiB: rows of an id and
# a 1,000-character text; start the server on 127.0.0.1; take the RSS after one small read (idle);
# then CLIENTS curl processes GET /big at once (every row, JSON) while /proc/PID/status is sampled
# every 0.2 s; print the RSS idle, the highest sample under load, the kernel's peak (VmHWM), the
# bytes and status each client received, the wall time, and the RSS at each tenth of the transfer. A Markdown summary is saved under
# bench/results/.
#
# Environment: TABLE_MIB (1024), CLIENTS (4), DB (a database to reuse or create; default: a
# temporary one), SQLITE_REST (the launcher to run, default <repo>/sqlite-rest: point it at another
# checkout's launcher to compare builds), SQLITEREST_JAVA_OPTS (passed through by the launcher).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
TABLE_MIB=${TABLE_MIB:-1024} CLIENTS=${CLIENTS:-4}
server=${SQLITE_REST:-$root/sqlite-rest}
rows=$((TABLE_MIB * 1024 * 1024 / 1024)) # a row takes about 1 KiB on disk (1,000-char text + id)

say() { echo "large-read-rss: $*" >&2; }
die() { say "$*"; exit 1; }

. "$root/bench/scripts/scratch.sh" large-read-rss

db=${DB:-$work/big.db}
if [ ! -f "$db" ]; then
  say "creating $rows rows (~$TABLE_MIB MiB) in $db"
  sqlite3 "$db" > /dev/null <<EOF
PRAGMA journal_mode=WAL;
CREATE TABLE big (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO big SELECT i, printf('%.1000c', char(97 + i % 26)) FROM n;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
fi
db_mib=$(( $(stat -c %s "$db") / 1048576 ))
table_rows=$(sqlite3 "$db" 'SELECT count(*) FROM big')

token=$("$root/bench/scripts/hs256-secret-and-token.py" "$work/secret" rss)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" serve --db-dsn "$db" --auth-token-file "$work/secret" --security-allow-table big \
  --http-addr "127.0.0.1:$port" --metrics-addr '' > "$work/server.log" 2>&1 &
launcher=$!
pids+=("$launcher")
url="http://127.0.0.1:$port/big"
code=000
for _ in $(seq 3000); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url?id=eq.1" || true)
  [ "$code" = 200 ] && break
  sleep 0.02
done
[ "$code" = 200 ] || { tail -20 "$work/server.log" >&2; die "the server did not become ready"; }
# the launcher execs java, so its pid is the JVM's
pid=$launcher
kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }
mib() { echo $(( $1 / 1024 )); }

idle=$(kib VmRSS)
say "idle RSS $(mib "$idle") MiB; $CLIENTS clients fetch $url ($table_rows rows, $db_mib MiB on disk)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(date +%s%N)
clients=()
for i in $(seq "$CLIENTS"); do
  curl -s -o /dev/null -w '%{http_code} %{size_download}\n' -H "Authorization: Bearer $token" \
    "$url" > "$work/client-$i" &
  clients+=($!)
done
peak=$idle samples=0
while :; do
  running=0
  for c in "${clients[@]}"; do kill -0 "$c" 2>/dev/null && running=1; done
  rss=$(kib VmRSS) || die "the server died under load"
  samples=$((samples + 1))
  echo "$rss" >> "$work/rss"
  [ "$rss" -gt "$peak" ] && peak=$rss
  [ "$running" = 0 ] && break
  sleep 0.2
done
for c in "${clients[@]}"; do wait "$c" || die "a client failed"; done
secs=$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }')
hwm=$(kib VmHWM)
# the RSS at each tenth of the transfer: flat when the response is not held in memory
timeline=$(awk '{ v[NR] = $1 } END { for (t = 1; t <= 10; t++) { i = int(NR * t / 10); if (i < 1) i = 1
  printf "%s%d", (t > 1 ? " " : ""), v[i] / 1024 } }' "$work/rss")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

received=""
for i in $(seq "$CLIENTS"); do
  read -r status bytes < "$work/client-$i"
  [ "$status" = 200 ] || say "client $i got HTTP $status: $(tail -c 300 "$work/server.log")"
  received+="$status/$(mib $((bytes / 1024))) "
done

mkdir -p "$root/bench/results"
out="$root/bench/results/large-read-rss-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "Large read, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD), server \`$server\`"
  echo "load average before: $load_before, after: $load_after; $(nproc) CPUs"
  echo
  echo "| table | clients | HTTP status/MiB received per client | wall s | RSS idle MiB | RSS max under load MiB (samples) | VmHWM MiB | RSS MiB at each tenth of the transfer |"
  echo "|---|---:|---|---:|---:|---:|---:|---|"
  echo "| $table_rows rows, $db_mib MiB | $CLIENTS | ${received% } | $secs | $(mib "$idle") | $(mib "$peak") ($samples) | $(mib "$hwm") | $timeline |"
} | tee "$out"
say "saved $out"
