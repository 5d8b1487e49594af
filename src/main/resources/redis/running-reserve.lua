-- Takes a place among the running turns, for the user and for the deployment at once, only
-- while both are under their limits: checked and taken in one step, so racing starts cannot
-- overshoot. Members are "<sessionId> <turnId>" scored by lease expiry; expired ones do not
-- count and are dropped after ARGV[6].
-- KEYS[1] the deployment's running turns, KEYS[2] the user's
-- ARGV[1] member, ARGV[2] lease expiry (epoch ms), ARGV[3] now (epoch ms), ARGV[4] per-user
-- limit (0: none), ARGV[5] total limit (0: none), ARGV[6] drop entries scored before this,
-- ARGV[7] the indexes' own TTL ms, ARGV[8] last moment to take effect (Redis epoch ms, 0: none)
-- Returns {'ok'}, {'late'}, {'user', count} or {'total', count}.
--@include clock
if tonumber(ARGV[8]) > 0 and server_now() > tonumber(ARGV[8]) then
  return {'late'}
end
local alive = '(' .. ARGV[3]
if tonumber(ARGV[4]) > 0 then
  local mine = redis.call('ZCOUNT', KEYS[2], alive, '+inf')
  if mine >= tonumber(ARGV[4]) then
    return {'user', mine}
  end
end
if tonumber(ARGV[5]) > 0 then
  local all = redis.call('ZCOUNT', KEYS[1], alive, '+inf')
  if all >= tonumber(ARGV[5]) then
    return {'total', all}
  end
end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[6])
  redis.call('PEXPIRE', KEYS[i], ARGV[7])
end
return {'ok'}
