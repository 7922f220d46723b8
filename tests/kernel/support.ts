// Shared by the kernel tests: real tRPC over the fetch adapter, and a real graphile-worker pass
// over the real task list against this file's database.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Logger, runOnce } from 'graphile-worker';
import type { Principal } from '../../src/server/domain/auth/principal';
import { appRouter } from '../../src/server/trpc/root';
import { createContext } from '../../src/server/trpc/context';
import { rateLimitResponseMeta } from '../../src/server/trpc/middleware/rate-limit';
import { buildTaskList } from '../../src/worker/task-list';
import { callerFor, ownerQuery } from '../helpers/fixtures';

/** A bearer token for the principal, made through the app's own procedure. */
export async function bearerFor(principal: Principal): Promise<string> {
  const created = await callerFor(principal).apiTokens.create({
    name: `kernel test ${Math.random().toString(36).slice(2, 8)}`,
  });
  return created.secret;
}

/** POST /api/trpc/<path> through tRPC's fetch adapter, as the route handler serves it. */
export function trpcPost(
  path: string,
  input: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  return serveTrpc(
    new Request(`http://switchboard.test/api/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(input),
    }),
  );
}

/** GET /api/trpc/<path> (a query without input), likewise. */
export function trpcGet(path: string, headers: Record<string, string>): Promise<Response> {
  return serveTrpc(new Request(`http://switchboard.test/api/trpc/${path}`, { headers }));
}

function serveTrpc(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext,
    responseMeta: rateLimitResponseMeta,
  });
}

const silent = new Logger(() => () => undefined);

/** Runs every job that is due now, with the worker's real task list, then returns. */
export async function runDueJobs(): Promise<void> {
  await runOnce({
    connectionString: process.env.DATABASE_URL,
    taskList: buildTaskList(),
    noHandleSignals: true,
    logger: silent,
  });
}

/** Skips the retry backoff of every waiting job (tests do not sit out exp(n) seconds). */
export async function makeAllDue(): Promise<void> {
  await ownerQuery(
    'UPDATE graphile_worker._private_jobs SET run_at = now() WHERE locked_at IS NULL AND run_at > now()',
  );
}

export type JobRow = {
  id: string;
  task: string;
  attempts: number;
  max_attempts: number;
  key: string | null;
  run_at: Date;
  last_error: string | null;
  payload: Record<string, unknown> & { _meta?: Record<string, unknown> };
};

export async function jobsOf(task: string): Promise<JobRow[]> {
  return ownerQuery<JobRow>(
    `SELECT j.id::text AS id, t.identifier AS task, j.attempts, j.max_attempts, j.key, j.run_at, j.last_error, j.payload
       FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = $1 ORDER BY j.id`,
    [task],
  );
}
