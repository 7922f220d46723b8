// The job runner: graphile-worker over the owner connection (it manages its own schema), task
// handlers doing domain work through the app-role pool, a heartbeat, and a graceful stop that
// lets running jobs finish.
import { EventEmitter } from 'node:events';
import { Logger, parseCronItems, run, type Runner, type WorkerEvents } from 'graphile-worker';
import { logger } from '@/server/obs/logger';
import { closeDb } from '@/server/db/client';
import { withSystemTx } from '@/server/db/tx';
import { getJobStats } from '@/server/domain/jobs/queue-stats';
import { registerJobStats } from '@/server/obs/metrics';
import { buildTaskList } from './task-list';
import { cronItems } from './crontab';
import { startHeartbeat, type HeartbeatHandle } from './heartbeat';
import { releaseDeadPredecessors } from './dead-predecessors';
import { retryLostConnections } from './graphile-retries';

export type WorkerOptions = {
  ownerUrl: string;
  concurrency: number;
  heartbeatSeconds: number;
  pollIntervalMs?: number;
};

export type WorkerHandle = {
  runner: Runner;
  heartbeat: HeartbeatHandle;
  stop: () => Promise<void>;
};

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  retryLostConnections();
  const events: WorkerEvents = new EventEmitter();
  const graphileIds = new Set<string>();
  events.on('worker:create', ({ worker }) => graphileIds.add(worker.workerId));
  events.on('worker:stop', ({ worker }) => graphileIds.delete(worker.workerId));
  // graphile-worker 0.17 locks jobs with the *pool's* id (locked_by = workerPool.id), not the
  // individual worker's: the heartbeat must list it, or the stuck-job check would take every job
  // running longer than the heartbeat staleness for one whose worker died.
  events.on('pool:create', ({ workerPool }) => graphileIds.add(workerPool.id));
  events.on('pool:release', ({ workerPool }) => graphileIds.delete(workerPool.id));
  // The dead letter itself is written by the task wrapper (task-handler.ts), which also runs
  // under runOnce and knows the payload's _meta; this event only logs graphile's final word.
  events.on('job:failed', ({ job, error }) =>
    logger.error(
      { jobId: job.id, task: job.task_identifier, attempts: job.attempts, err: error },
      'job failed permanently',
    ),
  );
  // queue_depth, dead_letters and stuck_jobs are read across all tenants when /metrics is scraped.
  registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));

  const runner = await run({
    connectionString: options.ownerUrl,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1000,
    taskList: buildTaskList(),
    parsedCronItems: parseCronItems(cronItems),
    events,
    // graphile-worker's own log lines go through pino (JSON, redacted, with the request id).
    logger: new Logger((scope) => (level, message, meta) => {
      const name: string = level; // LogLevel is an ambient const enum of strings
      const method =
        name === 'error'
          ? 'error'
          : name === 'warning'
            ? 'warn'
            : name === 'info'
              ? 'info'
              : 'debug';
      logger[method]({ scope, ...meta }, message);
    }),
  });
  const heartbeat = await startHeartbeat(options.heartbeatSeconds, () => [...graphileIds]);
  const predecessors = await releaseDeadPredecessors(heartbeat.workerId, options.heartbeatSeconds);
  logger.info({ workerId: heartbeat.workerId, concurrency: options.concurrency }, 'worker started');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('worker stopping: waiting for running jobs');
      predecessors.stop();
      await heartbeat.stop();
      await runner.stop();
      await closeDb();
      logger.info('worker stopped');
    })());
  return { runner, heartbeat, stop };
}
