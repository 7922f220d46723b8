// Closed-loop load from wrk (C, one thread) instead of the in-process Node generator, so the load
// generator takes as little of the 2 shared cores as possible from the server and Postgres under
// test. wrk cannot sign requests, so every delivery is signed beforehand (Stripe's tolerance is
// 300 s; a phase lasts seconds) and each is sent once: the script never wraps around, and a
// request past the end of the list is a plain GET to /health that is not counted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PhaseResult, Shot } from './load';

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

const SCRIPT = `
local shots = {}
local next_index = 1
init = function(args)
  local file = io.open(args[1], "r")
  while true do
    local path = file:read("*l")
    if not path then break end
    local headerCount = tonumber(file:read("*l"))
    local headers = {}
    for _ = 1, headerCount do
      local name = file:read("*l")
      headers[name] = file:read("*l")
    end
    local body = file:read("*l")
    shots[#shots + 1] = wrk.format("POST", path, headers, body)
  end
  file:close()
end
request = function()
  local shot = shots[next_index]
  if shot then next_index = next_index + 1; return shot end
  return wrk.format("GET", "/health")
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"badStatus":%d,"socketErrors":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
`;

export function wrkClosedLoop(
  port: number,
  concurrency: number,
  seconds: number,
  shots: Shot[],
  okStatus: number,
): PhaseResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-wrk-'));
  try {
    const data = shots
      .map((s) =>
        [
          s.path,
          String(Object.keys(s.headers).length),
          ...Object.entries(s.headers).flat(),
          s.body,
        ].join('\n'),
      )
      .join('\n');
    writeFileSync(path.join(dir, 'shots.txt'), data + '\n');
    writeFileSync(path.join(dir, 'script.lua'), SCRIPT);
    const run = spawnSync(
      'wrk',
      [
        '-t1',
        `-c${concurrency}`,
        `-d${seconds}s`,
        '--timeout',
        '10s',
        '-s',
        path.join(dir, 'script.lua'),
        `http://127.0.0.1:${port}`,
        '--',
        path.join(dir, 'shots.txt'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, BENCH_OK_STATUS: String(okStatus) },
      },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (!line) throw new Error(`wrk failed: ${run.stderr || run.stdout}`);
    const r = JSON.parse(line.slice('WRK_RESULT '.length)) as {
      requests: number;
      seconds: number;
      p50: number;
      p99: number;
      badStatus: number;
      socketErrors: number;
    };
    // Past the list wrk would send /health probes that answer 200: never let that count.
    if (r.requests > shots.length)
      throw new Error(`ran out of pre-signed requests (${shots.length}); raise the count`);
    const ok = r.requests - r.badStatus - r.socketErrors;
    const statuses: Record<number, number> = { [okStatus]: ok };
    if (r.badStatus) statuses[0] = r.badStatus; // wrk reports non-2xx/3xx as one count
    return {
      requests: r.requests,
      ok,
      statuses,
      seconds: r.seconds,
      rps: ok / r.seconds,
      p50: r.p50,
      p99: r.p99,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
