-- wrk script of `npm run bench:gateway`: every connection POSTs the deep query (the JSON body is
-- in the file named by BENCH_BODY_FILE) and every response is checked, so that a gateway answering
-- fast with errors cannot pass for a fast gateway.
local file = assert(io.open(assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE not set"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init()
  per_second = {}
  non_200 = 0
  without_data = 0
  with_errors = 0
  sample = nil
end

function response(status, headers, body)
  -- Responses per wall-clock second, so the bench can count the steady part of the run only.
  local now = os.time()
  per_second[now] = (per_second[now] or 0) + 1
  if status ~= 200 then
    non_200 = non_200 + 1
  end
  local bad = false
  if not string.find(body, '"data"', 1, true) then
    without_data = without_data + 1
    bad = true
  end
  if string.find(body, '"errors"', 1, true) then
    with_errors = with_errors + 1
    bad = true
  end
  if (bad or status ~= 200) and sample == nil then
    sample = string.sub(body, 1, 300)
  end
end

function done(summary, latency, requests)
  local counts = { non_200 = 0, without_data = 0, with_errors = 0 }
  local first_bad = ""
  local seconds = {}
  for _, thread in ipairs(threads) do
    for second, count in pairs(thread:get("per_second")) do
      seconds[second] = (seconds[second] or 0) + count
    end
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + thread:get(name)
    end
    local bad = thread:get("sample")
    if bad ~= nil and first_bad == "" then
      first_bad = bad
    end
  end
  -- One line the bench parses; latencies in microseconds.
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"socketErrors":%d,"timeouts":%d,"non200":%d,"withoutData":%d,"withErrors":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    counts.non_200, counts.without_data, counts.with_errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
  -- The latency histogram (microseconds, count) and responses per second, for the bench to merge.
  local detail = assert(io.open(assert(os.getenv("BENCH_DETAIL_FILE"), "BENCH_DETAIL_FILE not set"), "w"))
  for i = 1, #latency do
    local value, count = latency(i)
    detail:write(string.format("latency %d %d\n", value, count))
  end
  for second, count in pairs(seconds) do
    detail:write(string.format("second %d %d\n", second, count))
  end
  detail:close()
  if first_bad ~= "" then
    io.write("BENCH_BAD_SAMPLE " .. string.gsub(first_bad, "\n", " ") .. "\n")
  end
end
