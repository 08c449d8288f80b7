-- GET /labours/nearby around a random point near one of five city centres: every request a new query.
local centres = {{28.6139, 77.2090}, {19.0760, 72.8777}, {22.5726, 88.3639}, {12.9716, 77.5946}, {13.0827, 80.2707}}

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local centre = centres[math.random(#centres)]
  local latitude = centre[1] + (math.random() - 0.5) * 0.1
  local longitude = centre[2] + (math.random() - 0.5) * 0.1
  return wrk.format("GET", string.format(
    "/api/v1/labours/nearby?latitude=%.5f&longitude=%.5f&radius=10&availableOnly=true", latitude, longitude))
end
