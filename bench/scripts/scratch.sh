# shellcheck shell=bash
# Sourced by the load scripts (". scratch.sh NAME"): a scratch directory $work and the list $pids of
# background processes; on exit every one of them is stopped and the directory removed. Also
# await_first_200, the start-up probe both scripts time.
work=$(mktemp -d "/tmp/$1.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# await_first_200 PORT LOG: polls GET /books?id=eq.1 with $TOKEN until it answers 200 (15 s at
# most); otherwise prints the end of LOG and exits.
await_first_200() {
  local code=000
  for _ in $(seq 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$1/books?id=eq.1" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.005
  done
  tail -20 "$2" >&2
  echo "the server on port $1 did not answer 200 (last status $code)" >&2
  exit 1
}
