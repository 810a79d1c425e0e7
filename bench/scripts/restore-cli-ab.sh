#!/usr/bin/env bash
# CLI restores as users run them, alternating round by round: this checkout's ./sqlite-rest, the
# official `litestream restore` (.interop/bin, interop/install.sh) and, with REF=LAUNCHER, the
# launcher of another built copy (e.g. main's) as the same-run baseline of a change. Each run
# restores REPLICA (a file replica, e.g. the one RestoreReport builds: WORKDIR/replica) without an
# integrity check (the official tool's default) from the file replica or from an in-process S3
# server holding the same files (bench S3ReplicaServer), after `rm`, `sync` and a pause of PAUSE
# seconds (default 1) before and after, so one run's write-back and discards do not land in the
# next one's time. Prints median wall/user/sys seconds per tool and the per-round ratios.
# Needs the bench jar: ./mvnw -Pbench -DskipTests package -pl server,bench -am
# Usage: [REF=/path/to/sqlite-rest] bench/scripts/restore-cli-ab.sh REPLICA [ROUNDS] [s3|file]
set -euo pipefail
cd "$(dirname "$0")/../.."
replica=$(realpath "$1") rounds=${2:-10} source=${3:-s3}
. bench/scripts/scratch.sh restore-cli-ab
. bin/find-jdk.sh
sqliterest_find_jdk
official=.interop/bin/litestream
[ -x "$official" ] || { echo "official litestream missing: run interop/install.sh" >&2; exit 1; }
if [ "$source" = s3 ]; then
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
    dev.sqliterest.bench.S3ReplicaServer "$replica" "$work/url" > "$work/s3.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do [ -s "$work/url" ] && break; sleep 0.1; done
  [ -s "$work/url" ] || { tail "$work/s3.log" >&2; exit 1; }
  url=$(cat "$work/url")
  # the server's credentials only: an inherited AWS_CA_BUNDLE makes the official tool fail
  unset AWS_CA_BUNDLE AWS_PROFILE AWS_SESSION_TOKEN
  export AWS_ACCESS_KEY_ID=access AWS_SECRET_ACCESS_KEY=secret-secret
else
  url="file://$replica"
fi
tools=(ours official)
[ -z "${REF:-}" ] || tools+=(ref)
out="$work/out.db"
settle() { rm -f "$out"; sync; sleep "${PAUSE:-1}"; }
"./sqlite-rest" --version > /dev/null # records the AOT caches first if the jar is new
[ -z "${REF:-}" ] || "$REF" --version > /dev/null
for round in $(seq "$rounds"); do
  for tool in "${tools[@]}"; do
    case $tool in
      ours) cmd=(./sqlite-rest restore --integrity-check none) ;;
      ref) cmd=("$REF" restore --integrity-check none) ;;
      official) cmd=("$official" restore) ;;
    esac
    settle
    /usr/bin/time -f "$tool %e %U %S" -a -o "$work/times" "${cmd[@]}" -o "$out" "$url" \
      > "$work/run.log" 2>&1 || { echo "$tool failed in round $round:" >&2; cat "$work/run.log" >&2; exit 1; }
    settle
  done
  echo "round $round of $rounds done" >&2
done
python3 - "$work/times" "$source" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 4 and l.split()[0] != "Command"]
runs = {}
for tool, wall, user, sys_ in rows:
    runs.setdefault(tool, []).append((float(wall), float(user), float(sys_)))
print(f"restore from {sys.argv[2]}, {len(runs['ours'])} rounds, medians:")
for tool, r in runs.items():
    print(f"  {tool:9s} wall {st.median(x[0] for x in r):.3f} s  user {st.median(x[1] for x in r):.2f} s"
          f"  sys {st.median(x[2] for x in r):.2f} s")
ours = [x[0] for x in runs["ours"]]
for base in ("official", "ref"):
    if base in runs:
        ratios = sorted(b[0] / o for b, o in zip(runs[base], ours))
        print(f"  {base}/ours: median of medians {st.median(x[0] for x in runs[base]) / st.median(ours):.2f}x,"
              f" per round {', '.join(f'{x:.2f}' for x in ratios)}")
PY
