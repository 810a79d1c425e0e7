-- POST 1,000 new rows in one request (a JSON array; return=minimal on both servers: 201, empty
-- body). The body is built once per thread; ids are assigned by the database.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

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
  end
  return wrk.format(nil, "/books", nil, body)
end
