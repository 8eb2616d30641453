-- wrk script: POSTs the bench chat body and checks every response (status 200, content or 20 chunks + [DONE]).
-- Configured by env (load-wrk.js sets it from wire.js): BENCH_MODE=chat|stream, BENCH_BODY_FILE=<json body>,
-- BENCH_HEADERS ("name: value" lines), BENCH_REPLY, BENCH_MARKER, BENCH_CHUNKS, and BENCH_UNIQUE=1 to make each body distinct (a true cache miss).
-- Env rather than `--` args because wrk decides at load time whether a request() function exists.
-- The rules mirror checkChatBody / checkStreamBody in wire.js.

local mode = os.getenv("BENCH_MODE") or "chat"
local chunks_expected = tonumber((assert(os.getenv("BENCH_CHUNKS"), "BENCH_CHUNKS is required")))
local chat_content = assert(os.getenv("BENCH_REPLY"), "BENCH_REPLY is required")
local marker = assert(os.getenv("BENCH_MARKER"), "BENCH_MARKER is required")

bad = 0        -- read by done() through thread:get, so global
non200 = 0
first_bad = "" -- why the first bad response failed, for the report

local threads = {}
function setup(thread) table.insert(threads, thread) end

local f = assert(io.open(assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE is required"), "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^:\n]+): ([^\n]*)") do wrk.headers[name] = value end
wrk.body = body

if os.getenv("BENCH_UNIQUE") == "1" then
  -- Defining request() makes wrk build every request in Lua: costs load-generator CPU, so only when asked.
  local cut = select(2, string.find(body, '"content":"', 1, true))
  local prefix, suffix = string.sub(body, 1, cut), string.sub(body, cut + 1)
  local counter = 0
  function request()
    counter = counter + 1
    return wrk.format(nil, nil, nil, prefix .. "#" .. counter .. " " .. suffix)
  end
end

local function fail(why)
  bad = bad + 1
  if first_bad == "" then first_bad = why end
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    fail("status " .. status .. ": " .. string.sub(body or "", 1, 200))
    return
  end
  if mode == "chat" then
    if not string.find(body, chat_content, 1, true) then return fail("non-stream body lacks the expected content") end
    if not string.find(body, "chat.completion", 1, true) then return fail("non-stream body is not a chat.completion") end
  else
    -- Plain (non-pattern) finds: Lua patterns cost ~30 us each on a 4.5 KB stream, enough to make wrk the bottleneck.
    local n, at = 0, 1
    while true do
      at = string.find(body, marker, at, true)
      if not at then break end
      n, at = n + 1, at + #marker
    end
    if n ~= chunks_expected then return fail("stream has " .. n .. " content chunks, expected " .. chunks_expected) end
    if not string.find(body, '"stop"', 1, true) then return fail('stream lacks finish_reason "stop"') end
    if not string.find(body, '"total_tokens"', 1, true) then return fail("stream lacks the usage chunk") end
    if not string.find(body, "data: [DONE]", #body - 16, true) then return fail("stream does not end with data: [DONE]") end
  end
end

function done(summary, latency, requests)
  local total_bad, total_non200, why = 0, 0, ""
  for _, t in ipairs(threads) do
    total_bad = total_bad + t:get("bad")
    total_non200 = total_non200 + t:get("non200")
    if why == "" then why = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"bad":%d,"non2xx":%d,' ..
    '"socketErrors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d},"firstBad":%q}\n',
    summary.requests, summary.duration, summary.bytes, total_bad, total_non200,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max, why))
end
