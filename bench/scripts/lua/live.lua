-- The HTTP floor: GET /live on the admin listener of the same JVM (no database, no auth, no
-- access log), what the server costs before any API work.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", "/live")
end
