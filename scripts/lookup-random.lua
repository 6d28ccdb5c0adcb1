-- wrk script: server-side checks of random Thai mobile numbers, half of them
-- among benchgen's listings (+66 81 0000000 … 0999999) and half not, so
-- that nearly every check misses the listing cache and reads the store.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
end

function request()
  return wrk.format("GET", string.format("/api/v1/lookup?kind=phone&value=%%2B6681%07d", math.random(0, 1999999)))
end
