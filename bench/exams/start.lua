-- Start throughput for bench/exams/run.py (wrk -t1 … -s start.lua URL): each request one
-- candidate pressing "Bắt đầu làm bài", POST /thi/<slug>/bat-dau/ with their session cookie and
-- the CSRF cookie and header, until BENCH_COUNT responses have come back; then it stops.
--
-- BENCH_SESSIONS: one session key per line (a signed-in candidate each, none started yet).
-- BENCH_CSRF: the csrftoken cookie and X-CSRFToken header value.
-- Counts 302 to the attempt page (started), 202 (sent to the waiting room) and anything else;
-- done() prints "BENCH started=… queued=… bad=… seconds=… first_status=… first_body=…", where
-- seconds runs from the first request sent to the BENCH_COUNT-th response. Then it writes
-- BENCH_DONE_FILE, for run.py to end wrk.
local ffi = require("ffi")
ffi.cdef [[
struct bench_timeval { long tv_sec; long tv_usec; };
int gettimeofday(struct bench_timeval *tv, void *tz);
]]
local tv = ffi.new("struct bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local keys = {}
for line in io.lines(os.getenv("BENCH_SESSIONS")) do
  if #line > 0 then
    keys[#keys + 1] = line
  end
end
local count = tonumber(os.getenv("BENCH_COUNT") or tostring(#keys))
local csrf = os.getenv("BENCH_CSRF")
local close = os.getenv("BENCH_CLOSE") == "1"

sent = 0
received = 0
started = 0
queued = 0
bad = 0
first_status = 0
first_body = ""
began_ms = 0
ended_ms = 0

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

-- wrk calls request() once before the run to check the script; that one is never sent.
local checked = false
-- delay() comes before each request(): it lets through exactly BENCH_COUNT requests, one per
-- candidate; after those a connection waits (idle) until run.py ends wrk.
local reserved = 0

function delay()
  if reserved < count then
    reserved = reserved + 1
    return 0
  end
  return 3600000
end

function request()
  if not checked then
    checked = true
    return wrk.format("POST", nil, {}, "")
  end
  if sent == 0 then
    began_ms = now_ms()
  end
  local key = keys[sent % #keys + 1]
  sent = sent + 1
  local headers = {
    ["Cookie"] = "sessionid=" .. key .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  if close then
    headers["Connection"] = "close"
  end
  return wrk.format("POST", nil, headers, "")
end

function response(status, headers, body)
  received = received + 1
  local location = headers["Location"] or ""
  if status == 302 and location:find("/thi/lam-bai/", 1, true) then
    started = started + 1
  elseif status == 202 then
    queued = queued + 1
  else
    bad = bad + 1
    if first_status == 0 then
      first_status = status
      first_body = (location .. " " .. (body or ""):sub(1, 300)):gsub("%s+", " ")
    end
  end
  if received == count then
    ended_ms = now_ms()
    -- wrk itself runs for its -d: run.py stops it (SIGINT) once this file appears.
    local marker = io.open(os.getenv("BENCH_DONE_FILE"), "w")
    marker:write("done\n")
    marker:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format(
      "BENCH started=%d queued=%d bad=%d received=%d seconds=%.3f first_status=%d first_body=%s\n",
      thread:get("started"), thread:get("queued"), thread:get("bad"), thread:get("received"),
      (thread:get("ended_ms") - thread:get("began_ms")) / 1000, thread:get("first_status"),
      thread:get("first_body")))
  end
end
