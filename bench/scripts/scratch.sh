# shellcheck shell=bash
# Sourced by the load scripts (". scratch.sh NAME"): a scratch directory $work and the list $pids of
# background processes; on exit every one of them is stopped and the directory removed.
work=$(mktemp -d "/tmp/$1.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
