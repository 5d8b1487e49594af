-- Takes one request from a limit of ARGV[1] per minute with a burst of as many: a token bucket
-- refilled evenly, kept as the generic cell rate algorithm keeps it, in one number (the
-- theoretical arrival time: when the bucket will be full again, in epoch ms; it expires then).
-- KEYS[1] the limit's key
-- ARGV[1] requests per minute (> 0)
-- Returns 0 when taken, else the milliseconds until one request is allowed.
--@include clock
local now = server_now()
local rate = tonumber(ARGV[1])
local interval = 60000 / rate
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local allowed_at = tat - (rate - 1) * interval
if now < allowed_at then
  return math.ceil(allowed_at - now)
end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000)
return 0
