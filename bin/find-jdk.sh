# shellcheck shell=bash
# Sourced by ./mvnw, ./sqlite-rest and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm, then `java` on PATH.
# Fails with a message that says what to install when none is found.

sqliterest_java_major() { # $1 = path to a java binary; prints its feature version (17, 21, 25, ...)
  # the JDK's release file tells without starting a JVM (each start cost 0.1-0.5 s of every launch),
  # read with bash alone: a fork costs a millisecond or two of every launch
  local home=${1%/bin/java} line
  if [ "$home" != "$1" ] && [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=\"[0-9]*)
          line=${line#JAVA_VERSION=\"}
          echo "${line%%[!0-9]*}"
          return
          ;;
      esac
    done < "$home/release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

sqliterest_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(sqliterest_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    [ -x "${candidate}bin/javac" ] || continue
    major=$(sqliterest_java_major "${candidate}bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="${candidate%/}"; best_major=$major; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(sqliterest_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then best=$candidate; fi
  fi
  if [ -z "$best" ]; then
    echo "error: sqlite-rest needs a JDK 21 or newer (found: ${JAVA_HOME:-none in JAVA_HOME}, $(command -v java || echo 'no java on PATH'))." >&2
    echo "       Install one (e.g. Temurin 21/25) and set JAVA_HOME to it, then run this command again." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
