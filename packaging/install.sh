#!/usr/bin/env bash
# Installs sqlite-rest on a Linux host for systemd, from this checkout:
#   /opt/sqlite-rest/{bin/sqlite-rest, lib/sqlite-rest.jar, jre/}   the command, the jar, a linked JRE
#   /usr/local/bin/sqlite-rest                                      -> /opt/sqlite-rest/bin/sqlite-rest
#   /etc/systemd/system/sqlite-rest.service                         the unit (packaging/systemd)
#   /etc/sqlite-rest/sqlite-rest.env                                settings (kept when it exists)
# and the system user sqlite-rest. Builds the jar first when it is missing (JDK 25 needed, as for
# the linked runtime). Run it again to upgrade; the settings file is never overwritten.
#
# Usage: sudo packaging/install.sh
#        DESTDIR=/tmp/stage packaging/install.sh   # lay the files out under a staging root only
#                                                  # (no user, no systemctl; the image build uses it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
dest=${DESTDIR:-}
prefix=/opt/sqlite-rest
jar="$root/server/target/sqlite-rest.jar"

if [ ! -f "$jar" ]; then
  echo "install: building $jar" >&2
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl server -am package)
fi
rm -rf "$dest$prefix.new"
"$here/jlink-runtime.sh" "$jar" "$dest$prefix.new/jre"
install -D -m 0644 "$jar" "$dest$prefix.new/lib/sqlite-rest.jar"
install -D -m 0755 "$here/sqlite-rest" "$dest$prefix.new/bin/sqlite-rest"
install -D -m 0755 "$here/sqlite-rest-healthcheck" "$dest$prefix.new/bin/sqlite-rest-healthcheck"
rm -rf "$dest$prefix" && mv "$dest$prefix.new" "$dest$prefix"
mkdir -p "$dest/usr/local/bin"
ln -sfn "$prefix/bin/sqlite-rest" "$dest/usr/local/bin/sqlite-rest"
install -D -m 0644 "$here/systemd/sqlite-rest.service" "$dest/etc/systemd/system/sqlite-rest.service"
if [ ! -e "$dest/etc/sqlite-rest/sqlite-rest.env" ]; then
  # read by systemd (root) only: it may hold the replica's access keys
  install -D -m 0600 "$here/systemd/sqlite-rest.env" "$dest/etc/sqlite-rest/sqlite-rest.env"
fi
[ -n "$dest" ] && { echo "install: staged under $dest"; exit 0; }

getent passwd sqlite-rest >/dev/null ||
  useradd --system --user-group --home-dir /var/lib/sqlite-rest --no-create-home \
    --shell /usr/sbin/nologin sqlite-rest
chgrp sqlite-rest /etc/sqlite-rest && chmod 0750 /etc/sqlite-rest
if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
cat <<TXT
install: done. Next:
  1. openssl rand -out /etc/sqlite-rest/jwt-secret 32 && chown root:sqlite-rest /etc/sqlite-rest/jwt-secret && chmod 0640 /etc/sqlite-rest/jwt-secret
  2. edit /etc/sqlite-rest/sqlite-rest.env (database, tables, replication)
  3. systemctl enable --now sqlite-rest && journalctl -fu sqlite-rest
TXT
