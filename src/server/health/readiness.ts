// /ready: database reachable, every migration applied, a worker beating. Each check is bounded
// by 1.5 s so a hung dependency turns into a 503 naming it, never a hung probe.
import { getPool } from '../db/client';
import { listPendingMigrations } from '../db/migration-status';
import { getEnv } from '../env';

export type CheckResult = {
  name: 'database' | 'migrations' | 'worker';
  ok: boolean;
  latencyMs: number;
  detail?: string;
};
export type Readiness = { ok: boolean; checks: CheckResult[] };

const CHECK_TIMEOUT_MS = 1_500;

async function timed(
  name: CheckResult['name'],
  run: () => Promise<string | undefined>,
): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { name, ok: true, latencyMs: Math.round(performance.now() - started), detail };
  } catch (error) {
    return {
      name,
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      detail: (error as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const pool = getPool();
  const query = async <R extends object>(sql: string) =>
    (await pool.query<R & Record<string, unknown>>(sql)).rows as R[];
  const staleAfter = getEnv().WORKER_HEARTBEAT_SECONDS;
  const checks = await Promise.all([
    timed('database', async () => {
      await query('SELECT 1');
      return undefined;
    }),
    timed('migrations', async () => {
      const pending = await listPendingMigrations((sql) => query<{ migration_name: string }>(sql));
      if (pending.length) throw new Error(`pending: ${pending.join(', ')}`);
      return undefined;
    }),
    timed('worker', async () => {
      const rows = await query<{ age: number | null; workers: number }>(
        'SELECT extract(epoch FROM now() - max(beat_at))::float8 AS age, count(*)::int AS workers FROM worker_heartbeats',
      );
      const age = rows[0]?.age;
      if (age === null || age === undefined) throw new Error('no worker has ever sent a heartbeat');
      if (age > staleAfter)
        throw new Error(`last heartbeat ${age.toFixed(1)} s ago (limit ${staleAfter} s)`);
      return `last heartbeat ${age.toFixed(1)} s ago`;
    }),
  ]);
  return { ok: checks.every((c) => c.ok), checks };
}
