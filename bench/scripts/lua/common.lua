-- Shared by the http-load.sh scenarios: auth header from $TOKEN, a per-thread random seed, and a
-- one-line machine-readable summary that http-load.sh parses.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
ROWS = tonumber(os.getenv("ROWS") or "10000")

threads = {} -- global: a scenario's own done() may read its threads
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

-- RESULT <req/s> <p50 us> <p99 us> <requests> <http errors (status >= 400)> <socket errors>
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %d %d %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
