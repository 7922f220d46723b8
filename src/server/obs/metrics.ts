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
    webhooksReceived: new client.Counter({
      name: 'webhooks_received_total',
      help: 'Webhook deliveries that reached the ingest pipeline (rejected and duplicates included), by provider',
      labelNames: ['provider'] as const,
      registers: [registry],
    }),
    webhooksRejected: new client.Counter({
      name: 'webhooks_rejected_total',
      help: 'Webhook deliveries answered 4xx, by provider and reason (invalid_signature, timestamp_out_of_window, ...)',
      labelNames: ['provider', 'reason'] as const,
      registers: [registry],
    }),
    webhooksDeduplicated: new client.Counter({
      name: 'webhooks_deduplicated_total',
      help: 'Verified webhook deliveries of an event already stored (answered 2xx, no second job), by provider',
      labelNames: ['provider'] as const,
      registers: [registry],
    }),
    webhookStoreGroupSize: new client.Histogram({
      name: 'webhook_store_group_size',
      help: 'Verified deliveries stored (and their jobs enqueued) by one statement and commit',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [registry],
    }),
    rateLimited: new client.Counter({
      name: 'rate_limited_total',
      help: 'Requests refused by a rate limit, by bucket kind (api, webhook-ip, sms, ...)',
      labelNames: ['bucket_kind'] as const,
      registers: [registry],
    }),
    idempotencyReplays: new client.Counter({
      name: 'idempotency_replays_total',
      help: 'Mutations answered from a stored Idempotency-Key response, by procedure',
      labelNames: ['procedure'] as const,
      registers: [registry],
    }),
    idempotencyConflicts: new client.Counter({
      name: 'idempotency_conflicts_total',
      help: 'Idempotency-Key reuse refused: in_flight (409) or input_mismatch (422), by procedure',
      labelNames: ['procedure', 'reason'] as const,
      registers: [registry],
    }),
    stuckJobsReleased: new client.Counter({
      name: 'stuck_jobs_released_total',
      help: 'Stuck jobs made runnable again, by how (manual from the console, automatic when the worker died)',
      labelNames: ['mode'] as const,
      registers: [registry],
    }),
    reconcilerActions: new client.Counter({
      name: 'reconciler_actions_total',
      help: 'Repairs made by the campaign reconciler, by action',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
    lockWait: new client.Histogram({
      name: 'lock_wait_seconds',
      help: 'Time spent waiting for an advisory lock, by outcome (acquired, timeout)',
      labelNames: ['outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  const jobStats: { read?: () => Promise<JobStats> } = {};
  const jobGauge = (name: string, help: string, pick: (s: JobStats) => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        if (!jobStats.read) return;
        // A scrape must not fail because the database is briefly away: the gauge goes stale.
        const stats = await jobStats.read().catch(() => undefined);
        if (stats) this.set(pick(stats));
      },
    });
  jobGauge('queue_depth', 'Jobs ready to run now and waiting for a worker', (s) => s.queueDepth);
  jobGauge(
    'dead_letters',
    'Open dead letters (jobs that exhausted their attempts)',
    (s) => s.deadLetters,
  );
  jobGauge(
    'stuck_jobs',
    'Jobs locked past their timeout or held by a worker whose heartbeat stopped',
    (s) => s.stuckJobs,
  );
  jobGauge(
    'stuck_campaigns',
    'Campaigns SENDING with no recipient progress for 10 minutes',
    (s) => s.stuckCampaigns,
  );

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
  return { ...m, jobStats };
}

export type JobStats = {
  queueDepth: number;
  deadLetters: number;
  stuckJobs: number;
  stuckCampaigns: number;
};

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

/** The process that owns job statistics (the worker) registers how to read them at scrape time. */
export function registerJobStats(read: () => Promise<JobStats>): void {
  getMetrics().jobStats.read = read;
}
