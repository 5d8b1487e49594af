-- Records the decision on a pending tool-call approval; the first decision wins.
-- KEYS[1] the turn's approvals hash; ARGV[1] call id, ARGV[2] decision JSON
-- Returns 'ok', 'unknown' (no such pending call) or 'decided' (already decided or expired).
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'unknown'
end
if cjson.decode(current)['status'] ~= 'pending' then
  return 'decided'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'ok'
