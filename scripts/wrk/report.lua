-- Shared by the wrk scripts of scripts/bench_http.py (loaded with dofile): one line of JSON at the end of a run, with
-- what wrk's own summary lacks (p95) and the counts the scripts kept per thread (wrong answers of the portal).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function bench_done(summary, latency, requests)
  local flow_errors, first = 0, ""
  for _, thread in ipairs(threads) do
    flow_errors = flow_errors + (thread:get("flow_errors") or 0)
    if first == "" then first = thread:get("first_error") or "" end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"flow_errors": %d, "first_error": "%s"}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout, flow_errors, (first:gsub('[%c"\\]', "?"))))
end
