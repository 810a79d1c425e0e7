-- GET one row by primary key; the id is random in 1..$ROWS so the reads spread over the table.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", "/books?id=eq." .. math.random(1, ROWS))
end
