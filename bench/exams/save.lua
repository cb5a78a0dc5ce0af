-- Autosave load for bench/exams/run.py (wrk -t1 … -s save.lua URL).
--
-- BENCH_SAVES: one line per candidate, "<attempt id> <token> <choice of slot 0> … <slot 18>".
-- Request n goes to candidate n mod N and answers its slot (BENCH_OFFSET + n) div N mod 19 with
-- that slot's choice from the file, as the exam page's script posts it:
--   POST /thi/lam-bai/<id>/luu/   X-Attempt-Token: <token>   {"answers": {"<slot>": "<choice>"}}
-- BENCH_PATH: the path pattern, "%d" for the attempt id (the bare endpoint has its own).
-- BENCH_RATE: saves per second on one schedule for the thread (0: as fast as the connections
-- go). Late requests go out at once to catch up, as long as a connection is free.
-- BENCH_CLOSE=1 sends "Connection: close" (what nginx does towards gunicorn by default).
-- done() prints one line "BENCH ok=… bad=… first_status=… first_body=…" for run.py.
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

local rows = {}
local path = os.getenv("BENCH_PATH") or "/thi/lam-bai/%d/luu/"
for line in io.lines(os.getenv("BENCH_SAVES")) do
  local fields = {}
  for field in line:gmatch("%S+") do
    fields[#fields + 1] = field
  end
  local choices = {}
  for i = 3, #fields do
    choices[#choices + 1] = fields[i]
  end
  rows[#rows + 1] = { path = string.format(path, tonumber(fields[1])), token = fields[2], choices = choices }
end
local n = #rows
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local interval = rate > 0 and 1000 / rate or 0
local close = os.getenv("BENCH_CLOSE") == "1"
local next_due = nil

sent = 0
ok = 0
bad = 0
first_status = 0
first_body = ""

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

-- wrk calls request() once before the run to check the script; that one is never sent.
local checked = false

function request()
  if not checked then
    checked = true
    return wrk.format("POST", rows[1].path, { ["Content-Type"] = "application/json" }, "{}")
  end
  local k = offset + sent
  local row = rows[k % n + 1]
  local slot = math.floor(k / n) % #row.choices
  sent = sent + 1
  local headers = { ["Content-Type"] = "application/json", ["X-Attempt-Token"] = row.token }
  if close then
    headers["Connection"] = "close"
  end
  local body = '{"answers":{"' .. slot .. '":"' .. row.choices[slot + 1] .. '"}}'
  return wrk.format("POST", row.path, headers, body)
end

if interval > 0 then
  function delay()
    local now = now_ms()
    if next_due == nil then
      next_due = now
    end
    next_due = next_due + interval
    local wait = next_due - now
    if wait < 0 then
      return 0
    end
    return wait
  end
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    bad = bad + 1
    if first_status == 0 then
      first_status = status
      first_body = (body or ""):sub(1, 300):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local tok, tbad, tsent, fstatus, fbody = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    tok = tok + thread:get("ok")
    tbad = tbad + thread:get("bad")
    tsent = tsent + thread:get("sent")
    if fstatus == 0 and thread:get("first_status") ~= 0 then
      fstatus = thread:get("first_status")
      fbody = thread:get("first_body")
    end
  end
  io.write(string.format("BENCH sent=%d ok=%d bad=%d first_status=%d first_body=%s\n",
    tsent, tok, tbad, fstatus, fbody))
end
