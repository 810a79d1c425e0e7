-- POST 1,000 new rows in one request (a JSON array; return=minimal on both servers: 201, empty
-- body). The body is built once per thread; ids are assigned by the database.
--
-- A fixed amount of work, not a fixed duration: every insert costs more on a bigger table, so a
-- fixed-duration run would grow the faster server's table faster and charge it for that. Here each
-- run sends exactly REQUESTS requests (run with one wrk thread: the count is per thread; once it is
-- reached, delay() parks every connection) and stops at the last answer, so every server starts
-- every round with the same table size. wrk's main thread sleeps for the whole -d even when the Lua
-- thread has stopped, so the thread wakes it with SIGINT (which makes wrk report at once), and
-- req/s is the count over this thread's own clock, from its first request to the last answer.
-- Latencies are wrk's own.
dofile(os.getenv("LUA_DIR") .. "/common.lua")
local ffi = require("ffi")
ffi.cdef [[
  struct bulk_timespec { long tv_sec; long tv_nsec; };
  int clock_gettime(int clock, struct bulk_timespec *ts);
  int getpid(void);
  int tgkill(int tgid, int tid, int sig);
]]
local CLOCK_MONOTONIC, SIGINT = 1, 2
local function now_us()
  local ts = ffi.new("struct bulk_timespec")
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local quota = tonumber(os.getenv("REQUESTS") or "") or error("bulk.lua needs REQUESTS")
local scheduled, answered = 0, 0
started_us, finished_us = nil, nil -- globals: done() reads them with thread:get

local body
function request()
  if body == nil then
    local rows = {}
    for i = 1, 1000 do
      local n = math.random(0, 99)
      rows[i] = string.format('{"title":"bulk-%d","author":"author-%d","year":%d,"price":%d.5}',
        math.random(1, 1e9), n, 1950 + n % 70, n)
    end
    body = "[" .. table.concat(rows, ",") .. "]"
    started_us = now_us()
  end
  return wrk.format(nil, "/books", nil, body)
end

function delay() -- called before each request(): the first REQUESTS go at once, no more ever
  if scheduled == quota then
    return 24 * 3600 * 1000
  end
  scheduled = scheduled + 1
  return 0
end

function response(status, headers, body)
  answered = answered + 1
  if answered == quota then
    finished_us = now_us()
    wrk.thread:stop()
    local pid = ffi.C.getpid()
    ffi.C.tgkill(pid, pid, SIGINT) -- the main thread's id is the process id
  end
end

-- RESULT line as in common.lua, but req/s over this thread's own clock (see the top)
function done(summary, latency, requests)
  local t = threads[1]
  local started, finished = t:get("started_us"), t:get("finished_us")
  local e = summary.errors
  local rate = (started and finished) and quota / ((finished - started) / 1e6) or 0
  io.write(string.format("RESULT %.1f %d %d %d %d %d\n", rate,
    latency:percentile(50), latency:percentile(99),
    finished and quota or summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
