-- POST one new row per request (return=minimal on both servers: 201, empty body).
dofile(os.getenv("LUA_DIR") .. "/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  local n = math.random(0, 99)
  return wrk.format(nil, "/books", nil, string.format(
    '{"title":"load-%d","author":"author-%d","year":%d,"price":%d.5}',
    math.random(1, 1e9), n, 1950 + n % 70, n))
end
