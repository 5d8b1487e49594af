-- Removes a turn from both running-turn indexes.
-- KEYS[1] the deployment's running turns, KEYS[2] the user's; ARGV[1] member
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
