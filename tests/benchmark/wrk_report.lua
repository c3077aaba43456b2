-- wrk script of `make bench`: one script for every target, GET or POST.
--
-- BENCH_METHOD (default GET) and BENCH_BODY (an urlencoded form) come from the
-- environment, so a POST target differs from a GET one only by those two variables;
-- the Cookie and any other header come from wrk's own -H options.
-- done() prints one line "BENCH_JSON {...}" that bench.py parses: request count,
-- duration, errors (non-2xx/3xx answers counted apart) and latency percentiles in
-- microseconds.

local method = os.getenv("BENCH_METHOD") or "GET"
if method ~= "GET" then
  wrk.method = method
  wrk.body = os.getenv("BENCH_BODY") or ""
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"status_errors": %d, "timeouts": %d, "latency_mean_us": %.1f, ' ..
    '"latency_p50_us": %d, "latency_p90_us": %d, "latency_p99_us": %d, ' ..
    '"latency_max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
