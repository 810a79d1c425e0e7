#!/usr/bin/env bash
# Records JDK 25 AOT caches for sqlite-rest.jar: the classes a command loads, parsed and linked
# ahead of time, so that later starts skip most of that work (docs/PERFORMANCE.md, Footprint and
# Restore). ./sqlite-rest runs it once per build and JDK. Two caches, because every class in a
# cache costs resident memory in each process that maps it: CACHE for `serve` and every other
# command, and CACHE's sibling NAME-restore.aot for `restore`, which adds the AWS SDK's S3 client.
# The training writes only into a temporary directory (removed at the end) and, when it
# succeeded, the two caches.
#
# Usage: bin/aot-train.sh CACHE JAR JAVA [JVM option...]   (the command the launcher will run)
# Training: the demo (not recorded) writes a bookstore database, secret and file replica; then,
# recorded, `serve` restores that replica before serving, answers reads, a write and the admin
# endpoints, and stops on SIGTERM, when the JVM writes CACHE; then, recorded, `restore` (C1 only,
# as the launcher runs it) from two replicas: that file replica and the same files through
# bin/aot-s3.py, a local read-only S3 endpoint (skipped without python3), which it restores from.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 CACHE JAR JAVA [JVM option...]" >&2; exit 2; }
cache=$1 jar=$2
restore_cache=${cache%.aot}-restore.aot
shift 2
java=("$@")
work=$(mktemp -d "${TMPDIR:-/tmp}/sqlite-rest-aot.XXXXXX")
server="" s3=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  [ -z "$s3" ] || kill "$s3" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "aot-train: $*" >&2; tail -20 "$work/server.log" >&2 || true; exit 1; }

start() { # log line that says the server is up, then the command: starts it in the background
  local ready=$1
  shift
  (cd "$work" && exec "$@") > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1200); do
    grep -q "$ready" "$work/server.log" && return
    kill -0 "$server" 2>/dev/null || fail "exited before it was ready"
    sleep 0.1
  done
  fail "not ready within 120 s"
}
stop() {
  kill -TERM "$server"
  wait "$server" || fail "exited with $? after SIGTERM"
  server=""
}
http() { # method host:port path [body]: prints the status code (bash's /dev/tcp: no curl needed)
  local body=${4:-}
  exec 3<>"/dev/tcp/${2%:*}/${2##*:}"
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n' "$1" "$3" "$token" >&3
  printf 'Content-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
    "${#body}" "$body" >&3
  head -1 <&3 | cut -d' ' -f2
  exec 3<&-
}
expect() { # status, then http's arguments
  local want=$1 got
  shift
  got=$(http "$@")
  [ "$got" = "$want" ] || fail "$1 $3: status $got, expected $want"
}

start 'Stop with Ctrl-C' "$@" -jar "$jar" demo --dir demo --http-addr 127.0.0.1:0 --metrics-addr ''
token=$(sed -n 's/^export TOKEN=//p' "$work/server.log")
stop

start '"message":"listening"' "$@" "-XX:AOTCacheOutput=$work/sqlite-rest.aot" -jar "$jar" serve \
  --db-dsn restored.db --auth-token-file demo/jwt-secret \
  --security-allow-table books,authors,books_with_authors \
  --replication-enabled --replication-replica-url "file://$work/demo/replica" \
  --http-addr 127.0.0.1:0 --metrics-addr 127.0.0.1:0
api=$(grep -o '"api":"http://[^"]*"' "$work/server.log" | head -1 | sed 's|.*//||; s|"||')
admin=$(grep -o '"admin":"http://[^"]*"' "$work/server.log" | head -1 | sed 's|.*//||; s|"||')
for _ in 1 2 3; do
  expect 200 GET "$api" '/books?select=title,year&order=year.desc&limit=3'
  expect 200 GET "$api" '/books?id=eq.1'
  expect 200 GET "$api" '/books_with_authors?country=eq.GB&select=title,author&order=title'
  expect 201 POST "$api" /authors '{"name":"Training","country":"NO"}'
  expect 200 GET "$admin" /ready
  expect 200 GET "$admin" /metrics
done
stop

[ -s "$work/sqlite-rest.aot" ] || fail "the JVM wrote no cache"

file_replica=(--replica-url "file://$work/demo/replica") s3_replica=()
if command -v python3 > /dev/null; then
  python3 "$(dirname "$0")/aot-s3.py" "$work/demo/replica" > "$work/s3.port" 2> "$work/s3.log" &
  s3=$!
  for _ in $(seq 100); do [ -s "$work/s3.port" ] && break; sleep 0.1; done
  [ -s "$work/s3.port" ] || fail "aot-s3.py did not start: $(cat "$work/s3.log")"
  s3_replica=(--replica-url "s3://aot/db?endpoint=http://127.0.0.1:$(cat "$work/s3.port")&region=us-east-1")
fi
record_restore() { # replica arguments: a recorded restore from them
  rm -f "$work/restore.aot" "$work/restored-again.db"
  # static keys, as the benchmark and most S3-compatible stores use them: no credentials chain
  (cd "$work" && AWS_ACCESS_KEY_ID=aot AWS_SECRET_ACCESS_KEY=aot exec "${java[@]}" \
    -XX:TieredStopAtLevel=1 "-XX:AOTCacheOutput=$work/restore.aot" -jar "$jar" restore "$@" \
    restored-again.db) >> "$work/server.log" 2>&1
}
# the S3 replica first: of two replicas at the same TXID the restore takes the first. Should the
# restore from S3 fail here (an HTTP proxy in the environment, say), the file replica alone still
# records the rest of a restore.
if ! record_restore "${s3_replica[@]}" "${file_replica[@]}"; then
  echo "aot-train: the restore from ${s3_replica[*]:-the file replica} failed: $(tail -3 "$work/server.log")" >&2
  record_restore "${file_replica[@]}" || fail "the restore exited with $?"
fi
[ -s "$work/restore.aot" ] || fail "the JVM wrote no restore cache"

# next to the caches first, so that the renames that publish them are atomic
cp "$work/restore.aot" "$restore_cache.$$"
mv "$restore_cache.$$" "$restore_cache"
cp "$work/sqlite-rest.aot" "$cache.$$"
mv "$cache.$$" "$cache"
