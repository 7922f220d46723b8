// /ready: database reachable, every migration applied, a worker beating, the knowledge index
// answering a search, and — when OPENAI_API_KEY is set — the model endpoint answering with the
// configured model listed. Each check is bounded by 1.5 s so a hung dependency turns into a 503
// naming it, never a hung probe.
import { getPool } from '../db/client';
import { listPendingMigrations } from '../db/migration-status';
import { getEnv } from '../env';
import { getOpenAiClient } from '../providers/openai/configured';

export type CheckResult = {
  name: 'database' | 'migrations' | 'worker' | 'knowledge' | 'llm';
  ok: boolean;
  latencyMs: number;
  detail?: string;
};
export type Readiness = { ok: boolean; checks: CheckResult[] };

export const CHECK_TIMEOUT_MS = 1_500;

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
  const llm = getOpenAiClient();
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
    // A real search through the GIN index with every language's configuration (unaccent and the
    // text-search configurations included): RLS leaves no rows to a probe without a tenant, so it
    // costs an index probe, not a scan.
    timed('knowledge', async () => {
      await query(
        `SELECT count(*)::int AS n FROM unnest(ARRAY['en', 'ru', 'uk', 'sk']) AS l(language),
           LATERAL (SELECT 1 FROM knowledge_articles a
                    WHERE a.enabled AND a.language = l.language
                      AND app_knowledge_vector(a.language, a.title, a.tags, a.body)
                          @@ to_tsquery(app_knowledge_config(l.language), 'ready')
                    LIMIT 1) hit`,
      );
      return 'search answers in en, ru, uk, sk';
    }),
    ...(llm
      ? [
          timed('llm', async () => {
            const model = getEnv().OPENAI_MODEL;
            const list = await llm.listModels({ timeoutMs: CHECK_TIMEOUT_MS });
            if (!list.data.some((m) => m.id === model))
              throw new Error(`the endpoint does not list the model ${model}`);
            return `model ${model} listed`;
          }),
        ]
      : []),
  ]);
  return { ok: checks.every((c) => c.ok), checks };
}
