-- GET a page of 20 rows: one random author (indexed, ~100 rows each), newest first, 4 columns.
-- Only operators both servers implement (eq, order col.desc, limit).
dofile(os.getenv("LUA_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", "/books?select=id,title,year,price&author=eq.author-"
    .. math.random(0, 99) .. "&order=year.desc,id.asc&limit=20")
end
