// Recurring work. graphile-worker's cron guarantees one job per tick across all worker processes.
export const crontab = [
  // minute hour day month weekday  task                          options
  '17 * * * * maintenance.prune-heartbeats ?max=3',
].join('\n');
