-- GET of one page (the URL's path), nothing else: the start page, the ask page, and the floor's start page.
--   wrk -t 2 -c 50 -d 5s --timeout 30s -s scripts/wrk/page.lua http://127.0.0.1:PORT/vraag-stellen
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

-- No response(): with one, wrk would hand every body to Lua, work that would count against the load generator.
function done(summary, latency, requests)
  bench_done(summary, latency, requests)
end
