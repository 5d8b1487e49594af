-- Records a running turn in the replica-independent index of running turns, scored by the time
-- its lease expires, so any replica can find turns whose owner died.
-- KEYS[1] index; ARGV[1] member "<sessionId> <turnId>", ARGV[2] lease expiry (epoch ms),
-- ARGV[3] how long the index may outlive its last write (ms), ARGV[4] drop entries whose lease
-- expired before this (epoch ms): long handled by then
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
