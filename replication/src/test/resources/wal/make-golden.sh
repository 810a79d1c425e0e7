#!/usr/bin/env bash
# Regenerates the golden WAL files used by WalReaderGoldenTest with the sqlite3 CLI.
# Each case directory holds base.sqlite (the database file as it was while the WAL was live),
# base.sqlite-wal (the WAL copied while the connection was still open, so SQLite had not yet
# checkpointed or deleted it) and expected.properties (facts the script knows by construction).
# Run from this directory: ./make-golden.sh   (needs sqlite3 >= 3.37)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rows() { for i in $(seq "$1" "$2"); do echo "INSERT INTO t(v) VALUES (printf('%0300d', $i));"; done; }

# cli-le: 1 DDL transaction + 40 single-row transactions + 1 transaction of 30 rows + 1 update.
mkdir -p "$here/cli-le"
{
  echo "PRAGMA page_size=1024; PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
  echo "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
  rows 1 40
  echo "BEGIN;"; rows 41 70; echo "COMMIT;"
  echo "UPDATE t SET v = 'updated' WHERE id % 7 = 0;"
  echo ".system cp $work/le.db $here/cli-le/base.sqlite"
  echo ".system cp $work/le.db-wal $here/cli-le/base.sqlite-wal"
} | sqlite3 "$work/le.db" >/dev/null
printf 'transactions=43\nrows=70\npageSize=1024\n' > "$here/cli-le/expected.properties"

# cli-restart: 30 transactions, a full PASSIVE checkpoint (no other reader, so every frame is
# backfilled), then 3 more transactions: SQLite restarts the WAL in place with new salts and an
# incremented checkpoint sequence, leaving stale frames of the first generation behind.
mkdir -p "$here/cli-restart"
{
  echo "PRAGMA page_size=1024; PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
  echo "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
  rows 1 29
  echo "PRAGMA wal_checkpoint(PASSIVE);"
  rows 30 32
  echo ".system cp $work/rs.db $here/cli-restart/base.sqlite"
  echo ".system cp $work/rs.db-wal $here/cli-restart/base.sqlite-wal"
} | sqlite3 "$work/rs.db" >/dev/null
printf 'transactions=3\nrows=32\npageSize=1024\ncheckpointSeq=1\n' > "$here/cli-restart/expected.properties"
ls -l "$here"/cli-*/
