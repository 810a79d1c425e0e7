#!/usr/bin/env bash
# Links a Java runtime that holds only the modules sqlite-rest.jar uses, as jdeps finds them, so the
# container image carries ~65 MiB of Java instead of a whole JDK. Deriving the list at link time
# means a new dependency can never be missing from the image; .ci/run starts the jar on the result
# (.ci/check-runtime) to prove that nothing the jar reaches only by reflection is left out.
#
# Usage: packaging/jlink-runtime.sh JAR OUTPUT_DIR
# Needs a JDK 25 (JAVA_HOME, or the newest one bin/find-jdk.sh finds); OUTPUT_DIR must not exist.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 JAR OUTPUT_DIR" >&2; exit 2; }
jar=$1 out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$here/bin/find-jdk.sh"
sqliterest_find_jdk
release=$(sqliterest_java_major "$JAVA_HOME/bin/java")

# --multi-release: the jar is a multi-release jar (Jetty, Jackson); analyse the classes this JDK loads.
# --ignore-missing-deps: optional integrations of the libraries (servlet API, Kerberos helpers, ...)
# are not in the jar and are never loaded.
modules=$("$JAVA_HOME/bin/jdeps" --multi-release "$release" --ignore-missing-deps --print-module-deps "$jar")
echo "jlink-runtime: modules $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$out"
echo "jlink-runtime: $(du -sh "$out" | cut -f1) in $out"
