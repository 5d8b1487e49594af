-- server_now(): Redis's own clock in epoch ms. Used to refuse a write whose caller has
-- already given up on it (its command timed out and the client was told it failed).
local function server_now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
