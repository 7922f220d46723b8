// Prometheus metrics on one registry per process, shared between the custom HTTP server and
// Next's bundles through globalThis.
import client, { type Registry } from 'prom-client';

/** What the pool gauges read; pg.Pool has this shape (`options.max` is its configured size). */
type PoolLike = {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
};

/** ok: the provider did it; error: it refused the request (retrying cannot help); transient: it
 *  was busy, broken or unreachable (the request may succeed later). */
export type ProviderOutcome = 'ok' | 'error' | 'transient';

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
    answerDuration: new client.Histogram({
      name: 'answer_duration_seconds',
      help: 'Time to answer a question (knowledge search + answerer), by the answerer that answered',
      labelNames: ['answerer'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    answererFallbacks: new client.Counter({
      name: 'answerer_fallbacks_total',
      help: 'Answers the built-in answerer gave because the configured one failed or ran out of time',
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
    callsTotal: new client.Counter({
      name: 'calls_total',
      help: 'Calls that reached a terminal state, by outcome (answered-by-assistant, transferred, voicemail, abandoned, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    callTurnsTotal: new client.Counter({
      name: 'call_turns_total',
      help: 'Caller turns completed, by answerer (builtin, openai, none) and outcome (answered, unknown, transfer, failed)',
      labelNames: ['answerer', 'outcome'] as const,
      registers: [registry],
    }),
    ttsSeconds: new client.Counter({
      name: 'tts_seconds_total',
      help: 'Seconds of speech audio produced, by engine (espeak, openai)',
      labelNames: ['engine'] as const,
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
    signInAttempts: new client.Counter({
      name: 'sign_in_attempts_total',
      help: 'Console sign-in attempts by outcome (success, invalid, throttled)',
      labelNames: ['outcome'] as const,
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
    providerRequests: new client.Counter({
      name: 'provider_requests_total',
      help: 'Outbound provider API calls (Twilio sends, Stripe Checkout), by provider and outcome (ok, error, transient)',
      labelNames: ['provider', 'outcome'] as const,
      registers: [registry],
    }),
    providerApiErrors: new client.Counter({
      name: 'provider_api_errors_total',
      help: 'Outbound provider calls that failed (a refusal, a 5xx, a timeout or no answer), by provider and endpoint',
      labelNames: ['provider', 'endpoint'] as const,
      registers: [registry],
    }),
    providerRequestDuration: new client.Histogram({
      name: 'provider_request_duration_seconds',
      help: 'Time of one outbound provider call, answered or not, by provider and endpoint',
      labelNames: ['provider', 'endpoint'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    analysisJobFailures: new client.Counter({
      name: 'analysis_job_failures_total',
      help: 'Call analyses that did not produce a result, by reason (provider_failed, rejected, not_found, retries_exhausted)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    webhookDedupeHits: new client.Counter({
      name: 'webhook_dedupe_hits_total',
      help: 'Verified webhook deliveries found already stored (a duplicate: no second row or job), by provider',
      labelNames: ['provider'] as const,
      registers: [registry],
    }),
    webhookDedupeMisses: new client.Counter({
      name: 'webhook_dedupe_misses_total',
      help: 'Verified webhook deliveries stored as a new event, by provider',
      labelNames: ['provider'] as const,
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
  const jobStats: { read?: () => Promise<JobStats>; inFlight?: Promise<JobStats | undefined> } = {};
  // One read per scrape for all job gauges: the registry starts every collect() in the same tick,
  // so they share the read in flight; it is dropped once settled, so the next scrape reads anew.
  const readJobStats = () => {
    const read = jobStats.read;
    if (!read) return Promise.resolve(undefined);
    jobStats.inFlight ??= read()
      // A scrape must not fail because the database is briefly away: the gauges go stale.
      .catch(() => undefined)
      .finally(() => {
        jobStats.inFlight = undefined;
      });
    return jobStats.inFlight;
  };
  const jobGauge = (name: string, help: string, pick: (s: JobStats) => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const stats = await readJobStats();
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
    'Campaigns SENDING with messages still to send and no recipient progress for 10 minutes',
    (s) => s.stuckCampaigns,
  );
  jobGauge(
    'worker_heartbeat_age_seconds',
    'Seconds since the newest worker heartbeat (database clock); -1 when no worker has a heartbeat row',
    (s) => s.heartbeatAgeSeconds ?? -1,
  );
  jobGauge(
    'credit_reservations_expired_open',
    'Credit reservations still PENDING past their expires_at (the expiry sweep has not closed them)',
    (s) => s.expiredOpenReservations,
  );
  jobGauge(
    'recording_sessions_active',
    'Recording sessions open (PENDING or RECORDING); the reaper abandons those open past RECORDING_ABANDON_AFTER_MINUTES',
    (s) => s.recordingSessionsActive,
  );

  const poolGauge = (name: string, help: string, pick: (p: PoolLike) => number | undefined) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [label, get] of pools) {
          const pool = get();
          const value = pool && pick(pool);
          if (value !== undefined) this.set({ pool: label }, value);
        }
      },
    });
  poolGauge('db_pool_in_use', 'Checked-out connections', (p) => p.totalCount - p.idleCount);
  poolGauge('db_pool_idle', 'Idle connections', (p) => p.idleCount);
  poolGauge('db_pool_waiting', 'Callers waiting for a connection', (p) => p.waitingCount);
  poolGauge('db_pool_max', 'Configured maximum connections', (p) => p.options.max);
  return { ...m, jobStats };
}

export type JobStats = {
  queueDepth: number;
  deadLetters: number;
  stuckJobs: number;
  stuckCampaigns: number;
  /** null when no worker has a heartbeat row. */
  heartbeatAgeSeconds: number | null;
  expiredOpenReservations: number;
  recordingSessionsActive: number;
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

export function countProviderRequest(provider: string, outcome: ProviderOutcome): void {
  getMetrics().providerRequests.inc({ provider, outcome });
}

/** One outbound call, answered or not: its outcome, its time, and an error when it was not ok. */
export function observeProviderRequest(
  provider: string,
  endpoint: string,
  seconds: number,
  outcome: ProviderOutcome,
): void {
  const m = getMetrics();
  m.providerRequests.inc({ provider, outcome });
  m.providerRequestDuration.observe({ provider, endpoint }, seconds);
  if (outcome !== 'ok') m.providerApiErrors.inc({ provider, endpoint });
}

/** The process that owns job statistics (the worker) registers how to read them at scrape time. */
export function registerJobStats(read: () => Promise<JobStats>): void {
  getMetrics().jobStats.read = read;
}
