#!/usr/bin/env bash
# Generates LTX files with the official Litestream v0.5.17 CLI (interop/install.sh installs it) and
# copies them into ltx/src/test/resources/ltx/official/. Run once; the output is committed.
#   interop/gen-official-ltx.sh            (needs sqlite3 and .interop/bin/litestream)
# Layout produced (file replica, docs/FORMAT.md "Paths"):
#   official/replica/ltx/0/<txid>-<txid>.ltx   L0 files of three syncs (TXID 1 is a full snapshot)
#   official/replica/ltx/9/0000000000000001-<txid>.ltx  a forced snapshot
#   official/expected-db.bin                   the source database, checkpointed, after the last sync
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
litestream="${SQLITEREST_INTEROP_DIR:-$root/.interop}/bin/litestream"
out="$root/ltx/src/test/resources/ltx/official"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/src.db"
url="file://$work/replica"

"$litestream" version
sqlite3 "$db" "PRAGMA journal_mode=wal; PRAGMA page_size=4096;
  CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20)
  INSERT INTO t(body) SELECT randomblob(300) FROM n;"
"$litestream" replicate -once "$db" "$url"

sqlite3 "$db" "UPDATE t SET body = randomblob(200) WHERE id % 3 = 0;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20)
  INSERT INTO t(body) SELECT zeroblob(500) FROM n;"
"$litestream" replicate -once "$db" "$url"

sqlite3 "$db" "DELETE FROM t WHERE id > 30; INSERT INTO t(body) VALUES (x'00112233');"
"$litestream" replicate -once -force-snapshot "$db" "$url"

sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
rm -rf "$out"
mkdir -p "$out"
cp -r "$work/replica" "$out/replica"
cp "$db" "$out/expected-db.bin"
find "$out" -type f | sort
