// A small in-process load generator (autocannon-like) over node:http keep-alive sockets:
// closed loop at a fixed concurrency for peak throughput, open loop at a fixed rate for latency
// (measured from each request's scheduled time, so a stall is not hidden by waiting senders).
import http from 'node:http';

export type Shot = { path: string; headers: Record<string, string>; body: string };
export type PhaseResult = {
  requests: number;
  ok: number;
  statuses: Record<number, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** open loop only: the slowest request, and how many were slower than 50 ms (the p99 target),
   * so a stall shows even when the p99 hides it */
  max?: number;
  over50?: number;
};

function post(agent: http.Agent, port: number, shot: Shot): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: shot.path,
        agent,
        headers: { ...shot.headers, 'content-length': Buffer.byteLength(shot.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(shot.body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function summarize(
  latencies: number[],
  statuses: Record<number, number>,
  okStatus: number,
  seconds: number,
): PhaseResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const requests = latencies.length;
  const ok = statuses[okStatus] ?? 0;
  return {
    requests,
    ok,
    statuses,
    seconds,
    rps: ok / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    over50: sorted.filter((ms) => ms > 50).length,
  };
}

export async function closedLoop(
  port: number,
  concurrency: number,
  seconds: number,
  next: () => Shot,
  okStatus: number,
): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await post(agent, port, next());
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  return summarize(latencies, statuses, okStatus, (performance.now() - started) / 1000);
}

export async function openLoop(
  port: number,
  rate: number,
  seconds: number,
  next: () => Shot,
  okStatus: number,
): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const total = Math.floor(rate * seconds);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = started + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(
      post(agent, port, next()).then((status) => {
        latencies.push(performance.now() - scheduled);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return summarize(latencies, statuses, okStatus, (performance.now() - started) / 1000);
}
