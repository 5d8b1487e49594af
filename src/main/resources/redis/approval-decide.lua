-- Settles a pending tool-call approval; the first decision wins.
-- KEYS[1] the turn's approvals hash; KEYS[2] (optional) the turn hash: with it, a decision is
-- refused once the turn no longer runs (its owner may have died without settling the call)
-- ARGV[1] call id, ARGV[2] the entry JSON, ARGV[3] (with KEYS[2]) the entry for an ended turn
-- Returns 'ok', 'unknown' (no such call), 'decided' (already settled) or 'ended' (the turn has
-- ended; the call is then settled with ARGV[3]).
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  return 'unknown'
end
if cjson.decode(current)['status'] ~= 'pending' then
  return 'decided'
end
if KEYS[2] and redis.call('HGET', KEYS[2], 'status') ~= 'running' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  return 'ended'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'ok'
