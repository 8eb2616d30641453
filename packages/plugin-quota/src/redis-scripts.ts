/**
 * @module The Redis store's Lua scripts. Each runs atomically on the server, so any number of gateway
 * instances sharing one Redis see one set of counters. ioredis sends them with EVALSHA and falls back
 * to EVAL when the server does not have them cached (a restarted Redis).
 *
 * Counter layouts: `sliding` is a hash {w: window index, c: its count, p: the previous window's
 * count}; `fixed` is a string integer; `lease` is a sorted set of request slots scored by expiry.
 * Integers are written with `%.0f`: Lua's default number formatting would switch to exponents.
 */

const CLOCK = `
if redis.replicate_commands then redis.replicate_commands() end
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function int(x) return string.format('%.0f', x) end
`;

/**
 * Checks every counter, then reserves on all of them or on none.
 * KEYS: one per counter. ARGV[1]: now in ms ('' = Redis TIME). Then 4 per counter:
 * kind ('w' sliding | 'f' fixed | 'c' lease), limit, amount (lease: member), windowMs | ttlMs | leaseMs.
 * Returns {allOk, now, then per counter: ok, prev, cur, elapsedMs}.
 */
export const ADMIT_LUA = `${CLOCK}
local out = {0, now}
local allOk = true
local plan = {}
for i = 1, #KEYS do
  local j = 1 + (i - 1) * 4
  local kind, limit, amount, param = ARGV[j + 1], tonumber(ARGV[j + 2]), ARGV[j + 3], tonumber(ARGV[j + 4])
  local key = KEYS[i]
  local ok, prev, cur, e = false, 0, 0, 0
  if kind == 'w' then
    local idx = math.floor(now / param)
    local h = redis.call('HMGET', key, 'w', 'c', 'p')
    local w = tonumber(h[1])
    if w == idx then
      cur = tonumber(h[2]) or 0
      prev = tonumber(h[3]) or 0
    elseif w == idx - 1 then
      prev = tonumber(h[2]) or 0
    end
    e = now - idx * param
    ok = (prev * (param - e)) / param + cur + tonumber(amount) <= limit
    plan[i] = {idx, prev, cur}
  elseif kind == 'f' then
    cur = tonumber(redis.call('GET', key)) or 0
    ok = cur + tonumber(amount) <= limit
  else
    redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now))
    cur = redis.call('ZCARD', key)
    ok = cur + 1 <= limit
  end
  if not ok then allOk = false end
  out[#out + 1] = ok and 1 or 0
  out[#out + 1] = prev
  out[#out + 1] = cur
  out[#out + 1] = e
end
if allOk then
  out[1] = 1
  for i = 1, #KEYS do
    local j = 1 + (i - 1) * 4
    local kind, amount, param = ARGV[j + 1], ARGV[j + 3], tonumber(ARGV[j + 4])
    local key = KEYS[i]
    if kind == 'w' then
      local p = plan[i]
      redis.call('HSET', key, 'w', int(p[1]), 'c', int(p[3] + tonumber(amount)), 'p', int(p[2]))
      redis.call('PEXPIRE', key, int(2 * param))
    elseif kind == 'f' then
      redis.call('INCRBY', key, amount)
      if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, int(param)) end
    else
      redis.call('ZADD', key, int(now + param), amount)
      redis.call('PEXPIRE', key, int(param))
    end
  end
end
return out
`;

/**
 * Corrects reservations after the reply. A counter that has expired meanwhile is left alone.
 * KEYS: one per settlement. ARGV: 3 per settlement: kind, windowIndex | '' | member, delta | ''.
 */
export const SETTLE_LUA = `
local function int(x) return string.format('%.0f', x) end
for i = 1, #KEYS do
  local j = (i - 1) * 3
  local kind, a, b = ARGV[j + 1], ARGV[j + 2], ARGV[j + 3]
  local key = KEYS[i]
  if kind == 'w' then
    local idx, delta = tonumber(a), tonumber(b)
    local h = redis.call('HMGET', key, 'w', 'c', 'p')
    local w = tonumber(h[1])
    if w == idx then
      redis.call('HSET', key, 'c', int(math.max(0, (tonumber(h[2]) or 0) + delta)))
    elseif w == idx + 1 then
      redis.call('HSET', key, 'p', int(math.max(0, (tonumber(h[3]) or 0) + delta)))
    end
  elseif kind == 'f' then
    if redis.call('EXISTS', key) == 1 then
      if redis.call('INCRBY', key, b) < 0 then redis.call('SET', key, '0', 'KEEPTTL') end
    end
  else
    redis.call('ZREM', key, a)
  end
end
return #KEYS
`;

/**
 * Extends the leases of requests still in flight on this instance (a crashed one stops renewing).
 * KEYS: lease sets. ARGV[1]: now ('' = Redis TIME), ARGV[2]: leaseMs, then one member per key.
 */
export const RENEW_LUA = `${CLOCK}
local lease = tonumber(ARGV[2])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', int(now + lease), ARGV[i + 2])
  redis.call('PEXPIRE', KEYS[i], int(lease))
end
return #KEYS
`;
