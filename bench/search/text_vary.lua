-- GET /labours?search: a random trade word or name fragment; a tiny random minRating (rated labours only)
-- makes every request a new query for the cache.
local words = {"electrician", "plumber", "carpenter", "painter", "driver", "mason", "cook", "welder",
  "ramesh", "sunita", "imran", "venkat", "yadav", "kumar", "patel", "eletrician", "plumbr"}

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local rating = math.random(1, 999999) / 1000000000
  return wrk.format("GET", string.format("/api/v1/labours?search=%s&minRating=%.9f",
    words[math.random(#words)], rating))
end
