// Recurring work. graphile-worker's cron guarantees one job per tick across all worker processes.
// Items rather than a crontab string: crontab lines cannot name tasks that contain dots.
import type { CronItem } from 'graphile-worker';
import type { TaskName } from '@/server/jobs/definitions';

type Item = CronItem & { task: TaskName };

export const cronItems: Item[] = [
  {
    task: 'maintenance.prune-heartbeats',
    match: '17 * * * *',
    identifier: 'prune-heartbeats',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
  {
    task: 'maintenance.sweep-expired-keys',
    match: '23 * * * *',
    identifier: 'sweep-expired-keys',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
  {
    task: 'maintenance.release-orphaned-jobs',
    match: '* * * * *',
    identifier: 'release-orphaned-jobs',
    options: { maxAttempts: 1, backfillPeriod: 0 },
  },
  {
    task: 'analysis.poll',
    match: '* * * * *',
    identifier: 'analysis-poll',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
  {
    task: 'campaign.reconcile',
    match: '*/5 * * * *',
    identifier: 'campaign-reconcile',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
  {
    task: 'calls.reconcile',
    match: '*/5 * * * *',
    identifier: 'calls-reconcile',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
  {
    task: 'wallet.expire-reservations',
    match: '*/5 * * * *',
    identifier: 'wallet-expire-reservations',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
  {
    task: 'recordings.reap-abandoned',
    match: '*/5 * * * *',
    identifier: 'recordings-reap-abandoned',
    options: { maxAttempts: 3, backfillPeriod: 0 },
  },
];
