-- Adds a turn's cost to the user's spend of the day: one hash per user and UTC day, a field per
-- currency holding whole nano-units (so the sum is exact), expiring a while after the day ends.
-- KEYS[1] the user's spend of the day
-- ARGV[1] currency, ARGV[2] nano-units, ARGV[3] time to live in ms
-- Returns the day's new total in that currency.
local total = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return total
