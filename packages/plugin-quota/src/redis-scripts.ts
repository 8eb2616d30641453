/**
 * @module The Redis store's Lua scripts. Each runs atomically on the server, so any number of gateway
 * instances sharing one Redis see one set of counters. ioredis sends them with EVALSHA and falls back
 * to EVAL when the server does not have them cached (a restarted Redis).
 *
 * Counter layouts: `rate` is a hash {l: level (units x windowMs), t: ms} (GCRA, see `gcra.ts`, whose
 * integer operations these repeat); `fixed` is a string integer; `lease` is a sorted set of request
 * slots scored by expiry. Each admission also leaves a record under its admission id (the store
 * clock at admit, or `released`), so it takes effect at most once and can be undone by a caller that
 * gave up on it. Integers are written with `%.0f`: Lua's default formatting would switch to exponents.
 */

const CLOCK = `
if redis.replicate_commands then redis.replicate_commands() end
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function int(x) return string.format('%.0f', x) end
local function drained(level, at, limit) return math.max(0, level - math.max(0, now - at) * limit) end
local function expireRate(key, level, limit) redis.call('PEXPIRE', key, int(math.ceil(level / limit) + 1000)) end
`;

/**
 * Applies one correction (shared by settle and release). kind 'r': p1 limit, p2 windowMs, p3 delta;
 * 'f': p3 delta; 'c': p1 member. A counter that has expired meanwhile is left alone.
 */
const CORRECT = `
local function correct(key, kind, p1, p2, p3)
  if kind == 'r' then
    local h = redis.call('HMGET', key, 'l', 't')
    if not h[1] then return end
    local limit, w = tonumber(p1), tonumber(p2)
    local level = drained(tonumber(h[1]), tonumber(h[2]), limit) + tonumber(p3) * w
    level = math.min(limit * w, math.max(0, level))
    redis.call('HSET', key, 'l', int(level), 't', int(now))
    expireRate(key, level, limit)
  elseif kind == 'f' then
    if redis.call('EXISTS', key) == 1 then
      if redis.call('INCRBY', key, p3) < 0 then redis.call('SET', key, '0', 'KEEPTTL') end
    end
  else
    redis.call('ZREM', key, p1)
  end
end
`;

/**
 * Checks every counter, then reserves on all of them or on none, and records the admission.
 * KEYS: one per counter, then the admission record. ARGV[1]: now in ms ('' = Redis TIME), ARGV[2]:
 * record ttl, ARGV[3]: deadline in the store clock ('' = none). Then 4 per counter: kind ('r' rate |
 * 'f' fixed | 'c' lease), limit, amount (lease: member), windowMs | ttlMs | leaseMs.
 * Returns {allOk, now, then per counter: ok, value}; allOk is -1, taking nothing, for an admission
 * that comes too late (its caller gave up) or was seen before (released, or replayed).
 */
export const ADMIT_LUA = `${CLOCK}
local record = KEYS[#KEYS]
local deadline = tonumber(ARGV[3])
if (deadline and now > deadline) or redis.call('EXISTS', record) == 1 then return {-1, now} end
local out = {0, now}
local allOk = true
local levels = {}
for i = 1, #KEYS - 1 do
  local j = 3 + (i - 1) * 4
  local kind, limit, amount, param = ARGV[j + 1], tonumber(ARGV[j + 2]), ARGV[j + 3], tonumber(ARGV[j + 4])
  local key = KEYS[i]
  local ok, value = false, 0
  if kind == 'r' then
    local h = redis.call('HMGET', key, 'l', 't')
    value = h[1] and drained(tonumber(h[1]), tonumber(h[2]), limit) or 0
    ok = value + tonumber(amount) * param <= limit * param
    levels[i] = value
  elseif kind == 'f' then
    value = tonumber(redis.call('GET', key)) or 0
    ok = value + tonumber(amount) <= limit
  else
    redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now))
    value = redis.call('ZCARD', key)
    ok = value + 1 <= limit
  end
  if not ok then allOk = false end
  out[#out + 1] = ok and 1 or 0
  out[#out + 1] = value
end
if allOk then
  out[1] = 1
  for i = 1, #KEYS - 1 do
    local j = 3 + (i - 1) * 4
    local kind, limit, amount, param = ARGV[j + 1], tonumber(ARGV[j + 2]), ARGV[j + 3], tonumber(ARGV[j + 4])
    local key = KEYS[i]
    if kind == 'r' then
      local level = levels[i] + tonumber(amount) * param
      redis.call('HSET', key, 'l', int(level), 't', int(now))
      expireRate(key, level, limit)
    elseif kind == 'f' then
      redis.call('INCRBY', key, amount)
      if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, int(param)) end
    else
      redis.call('ZADD', key, int(now + param), amount)
      redis.call('PEXPIRE', key, int(param))
    end
  end
  redis.call('SET', record, int(now), 'PX', ARGV[2])
end
return out
`;

/**
 * Corrects reservations after the reply and forgets the admission.
 * KEYS: one per settlement, then the admission record. ARGV[1]: now ('' = Redis TIME), then 4 per
 * settlement: kind, p1, p2, p3 (see `correct`).
 */
export const SETTLE_LUA = `${CLOCK}${CORRECT}
for i = 1, #KEYS - 1 do
  local j = 1 + (i - 1) * 4
  correct(KEYS[i], ARGV[j + 1], ARGV[j + 2], ARGV[j + 3], ARGV[j + 4])
end
redis.call('DEL', KEYS[#KEYS])
return #KEYS - 1
`;

/**
 * Undoes an admission its caller gave up on (timed out): if it took effect, everything it took is
 * given back; either way it is marked released, so an admission still queued behind takes nothing.
 * KEYS and ARGV as for settle, with ARGV[2] the record ttl; corrections give back the whole amount.
 */
export const RELEASE_LUA = `${CLOCK}${CORRECT}
local record = KEYS[#KEYS]
local v = redis.call('GET', record)
redis.call('SET', record, 'released', 'PX', ARGV[2])
if not v or v == 'released' then return 0 end
for i = 1, #KEYS - 1 do
  local j = 2 + (i - 1) * 4
  correct(KEYS[i], ARGV[j + 1], ARGV[j + 2], ARGV[j + 3], ARGV[j + 4])
end
return 1
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
