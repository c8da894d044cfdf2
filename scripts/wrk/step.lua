-- The money-check step, as a resident clicks it: GET the question, POST the answer with the form's CSRF token and the
-- session cookie, GET the page the redirect points to; again and again. Before the first step each connection opens
-- /geldcheck and starts a check (two requests, counted with the rest).
--   wrk -t 50 -c 50 -d 5s --timeout 30s -s scripts/wrk/step.lua http://127.0.0.1:PORT
-- State (cookie, token, where we are) lives per wrk thread and wrk does not say which connection an answer is for, so
-- every thread must have exactly ONE connection: -t equal to -c. Each thread is its own resident with its own
-- X-Forwarded-For address (127.<2 + run>.<thread>.<n>; the portal trusts it behind PROXY_FIX=1), so the limit of 30 starts per
-- address and hour counts residents. Works against the portal and against scripts/floor_same_work.py.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local QUESTION, ANSWER = "/geldcheck/vraag/group", "none"
local cookie, token, next_path, expect = nil, nil, "/geldcheck", "intro"
local restarts = 0
flow_errors, first_error = 0, ""

-- BENCH_RUN (set by the bench, a number per run) makes each run's residents new addresses too: the start limit is
-- per hour, and a bench makes many runs within one.
local run = tonumber(os.getenv("BENCH_RUN") or "0")

local function address()
  return string.format("127.%d.%d.%d", 2 + run % 250, id % 250, restarts % 250 + 1)
end

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function fail(message)
  flow_errors = flow_errors + 1
  if first_error == "" then first_error = message end
  -- Start again as a new resident: a fresh address and no cookie, so a broken flow cannot loop on one error.
  restarts = restarts + 1
  cookie, token, next_path, expect = nil, nil, "/geldcheck", "intro"
end

function request()
  local headers = { ["X-Forwarded-For"] = address() }
  if cookie then headers["Cookie"] = cookie end
  if expect == "intro" or expect == "question" or expect == "next" then
    return wrk.format("GET", next_path, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = "csrf_token=" .. urlencode(token)
  if expect == "answer" then body = body .. "&answer=" .. ANSWER end
  return wrk.format("POST", next_path, headers, body)
end

local function read_token(body)
  return body and body:match('name="csrf_token" type="hidden" value="([^"]+)"')
end

function response(status, headers, body)
  local location
  for name, value in pairs(headers) do
    local lower = name:lower()
    if lower == "set-cookie" then cookie = value:match("^([^;]+)") end  -- the portal sets one cookie, its session
    if lower == "location" then location = value:gsub("^https?://[^/]+", "") end
  end
  if expect == "intro" or expect == "question" then
    token = status == 200 and read_token(body)
    if not token then return fail(expect .. ": " .. status .. " without a CSRF field") end
    if expect == "intro" then next_path, expect = "/geldcheck/start", "start" else expect = "answer" end
  elseif expect == "start" or expect == "answer" then
    if status ~= 302 and status ~= 303 then return fail(expect .. ": " .. status .. " instead of a redirect") end
    if expect == "start" then next_path, expect = QUESTION, "question" else next_path, expect = location, "next" end
  elseif expect == "next" then
    if status ~= 200 then return fail("next question " .. tostring(next_path) .. ": " .. status) end
    next_path, expect = QUESTION, "question"
  end
end

function done(summary, latency, requests)
  bench_done(summary, latency, requests)
end
