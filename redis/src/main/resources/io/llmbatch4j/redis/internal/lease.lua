-- One reservation round trip: applies this JVM's corrections, then leases a block of requests and
-- tokens from two GCRA schedules (theoretical arrival times tr, tt in ms of Redis TIME), all or
-- nothing, starting when both allow it ("go at T"); nothing is leased when T is more than
-- max-ahead away. Learned limits are kept beside the schedules; configured ones win.
-- KEYS[1] state hash. ARGV: rpm tpm wantReq wantTok adjReq adjTok holdMs learnedRpm learnedTpm maxAheadMs ttlMs
-- Returns {leasedRequests, leasedTokens, startInMicros, rpm, tpm}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local k = KEYS[1]
local s = redis.call('HMGET', k, 'tr', 'tt', 'hold', 'lr', 'lt')
local tr = tonumber(s[1]) or now
local tt = tonumber(s[2]) or now
local hold = tonumber(s[3]) or 0
local lr = tonumber(s[4]) or 0
local lt = tonumber(s[5]) or 0
local a = {}
for i = 1, 11 do a[i] = tonumber(ARGV[i]) end
if a[8] > 0 then lr = a[8] end
if a[9] > 0 then lt = a[9] end
local rpm = a[1] > 0 and a[1] or lr
local tpm = a[2] > 0 and a[2] or lt
local ir = rpm > 0 and 60000 / rpm or 0
local it = tpm > 0 and 60000 / tpm or 0
local function adjust(tat, d, iv)
  if d > 0 then return tat + d * iv end
  if d < 0 and tat > now then return math.max(now, tat + d * iv) end
  return tat
end
tr = adjust(tr, a[5], ir)
tt = adjust(tt, a[6], it)
if a[7] > 0 then hold = math.max(hold, now + a[7]) end
local start = math.max(now, hold)
if ir > 0 then start = math.max(start, tr) end
if it > 0 then start = math.max(start, tt) end
local gr, gt = 0, 0
if start - now <= a[10] and (a[3] > 0 or a[4] > 0) then
  gr, gt = a[3], a[4]
  if ir > 0 then tr = math.max(tr, start) + gr * ir end
  if it > 0 then tt = math.max(tt, start) + gt * it end
end
redis.call('HSET', k, 'tr', string.format('%.3f', tr), 'tt', string.format('%.3f', tt),
  'hold', string.format('%.3f', hold), 'lr', lr, 'lt', lt)
redis.call('PEXPIRE', k, a[11])
return {gr, gt, math.floor((start - now) * 1000), rpm, tpm}
