-- A cooldown started in one JVM: holds every lease until it ends and tells the other JVMs.
-- KEYS[1] state hash. ARGV: lengthMs channel message ttlMs. Returns the number of receivers.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local hold = tonumber(redis.call('HGET', KEYS[1], 'hold')) or 0
hold = math.max(hold, now + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'hold', string.format('%.3f', hold))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return redis.call('PUBLISH', ARGV[2], ARGV[3])
