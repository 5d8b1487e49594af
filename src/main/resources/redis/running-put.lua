-- Refreshes a running turn's lease expiry in both running-turn indexes (only while it is
-- listed: a turn already released must not come back).
-- KEYS[1] the deployment's running turns, KEYS[2] the user's
-- ARGV[1] member "<sessionId> <turnId>", ARGV[2] lease expiry (epoch ms), ARGV[3] the indexes'
-- own TTL ms
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], 'XX', ARGV[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[3])
end
return 1
