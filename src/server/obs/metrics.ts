// Prometheus metrics on one registry per process, shared between the custom HTTP server and
// Next's bundles through globalThis.
import client, { type Registry } from 'prom-client';

type PoolLike = { totalCount: number; idleCount: number; waitingCount: number };

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const pools = new Map<string, () => PoolLike | undefined>();

  const m = {
    registry,
    pools,
    httpDuration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobsCompleted: new client.Counter({
      name: 'jobs_completed_total',
      help: 'Jobs that finished successfully, by task',
      labelNames: ['task'] as const,
      registers: [registry],
    }),
    jobsFailed: new client.Counter({
      name: 'jobs_failed_total',
      help: 'Job attempts that threw, by task',
      labelNames: ['task'] as const,
      registers: [registry],
    }),
    jobDuration: new client.Histogram({
      name: 'job_duration_seconds',
      help: 'Job run time by task and outcome',
      labelNames: ['task', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    }),
  };

  const poolGauge = (name: string, help: string, pick: (p: PoolLike) => number) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [label, get] of pools) {
          const pool = get();
          if (pool) this.set({ pool: label }, pick(pool));
        }
      },
    });
  poolGauge('db_pool_in_use', 'Checked-out connections', (p) => p.totalCount - p.idleCount);
  poolGauge('db_pool_idle', 'Idle connections', (p) => p.idleCount);
  poolGauge('db_pool_waiting', 'Callers waiting for a connection', (p) => p.waitingCount);
  return m;
}

type Metrics = ReturnType<typeof createMetrics>;
const store = globalThis as typeof globalThis & { __switchboardMetrics?: Metrics };

export function getMetrics(): Metrics {
  store.__switchboardMetrics ??= createMetrics();
  return store.__switchboardMetrics;
}

export function getRegistry(): Registry {
  return getMetrics().registry;
}

/** Pools register a getter so gauges read them at scrape time. */
export function registerPool(label: string, get: () => PoolLike | undefined): void {
  getMetrics().pools.set(label, get);
}
