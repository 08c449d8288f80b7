-- GET /labours?city&skills&minRating&availableOnly: a random city, trade and minRating (3-5, six decimals).
local cities = {"Delhi", "Mumbai", "Kolkata", "Bengaluru", "Chennai", "Hyderabad", "Ahmedabad", "Surat", "Pune",
  "Jaipur", "Lucknow", "Indore", "Kanpur", "Nagpur", "Coimbatore", "Patna", "Thane", "Bhopal"}
local trades = {"plumber", "electrician", "carpenter", "mason", "painter", "driver"}

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local rating = 3 + math.random(0, 1999999) / 1000000
  return wrk.format("GET", string.format(
    "/api/v1/labours?city=%s&skills=%s&minRating=%.6f&availableOnly=true",
    cities[math.random(#cities)], trades[math.random(#trades)], rating))
end
