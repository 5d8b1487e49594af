-- Extends the lease while its holder still owns it.
-- KEYS[1] lease; ARGV[1] token, ARGV[2] lease ms. Returns 1, or 0 when the lease is lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
