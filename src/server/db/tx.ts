// Transactions with their tenant scope. Every tenant-owned query runs inside withTenantTx, which
// sets app.tenant_id for that transaction only (set_config(..., true)), so it is safe behind a
// transaction-pooling PgBouncer and RLS filters every statement.
import type { Prisma } from './generated/client';
import { getPool, getPrisma } from './client';
import { SYSTEM_ROLE } from './roles';
import { getRequestContext } from '../obs/request-context';
import { logger } from '../obs/logger';

export type Tx = Prisma.TransactionClient;

type TxOptions = {
  userId?: string;
  isolationLevel?: Prisma.TransactionIsolationLevel;
  timeoutMs?: number;
};

export class TransactionAbortedError extends Error {
  override name = 'TransactionAbortedError';
}

/**
 * Makes a transaction honour the current job attempt's abort signal (see request-context): none
 * starts once it fired, and one under way has its backend terminated, so a statement that is
 * running (or the next one) fails and everything rolls back. Without this a timed-out attempt's
 * database work would go on beside its retry.
 */
async function underSignal<T>(tx: Tx, fn: () => Promise<T>, knownPid?: number): Promise<T> {
  const signal = getRequestContext()?.signal;
  if (!signal) return fn();
  if (signal.aborted) throw new TransactionAbortedError('the job attempt was aborted');
  const pid =
    knownPid ?? (await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid;
  const terminate = () => {
    getPool()
      .query('SELECT pg_terminate_backend($1)', [pid])
      .catch((err: unknown) => logger.warn({ err }, 'could not stop an aborted transaction'));
  };
  signal.addEventListener('abort', terminate, { once: true });
  try {
    return await fn();
  } finally {
    signal.removeEventListener('abort', terminate);
  }
}

function assertNotAborted(): void {
  if (getRequestContext()?.signal?.aborted)
    throw new TransactionAbortedError('the job attempt was aborted');
}

export async function withTenantTx<T>(
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  options: TxOptions = {},
): Promise<T> {
  assertNotAborted();
  return getPrisma().$transaction(
    async (tx) => {
      // The backend pid comes in the same round trip, for underSignal.
      const [scope] = await tx.$queryRaw<{ pid: number }[]>`
        SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${options.userId ?? ''}, true), pg_backend_pid() AS pid`;
      return underSignal(tx, () => fn(tx), scope?.pid);
    },
    { isolationLevel: options.isolationLevel, timeout: options.timeoutMs },
  );
}

/**
 * Cross-tenant work that has no tenant yet (resolving a token or a webhook URL) or spans all
 * tenants (sweeps, reconcilers). Deliberately explicit: it is the only way past the tenant policies.
 */
export async function withSystemTx<T>(
  fn: (tx: Tx) => Promise<T>,
  options: TxOptions = {},
): Promise<T> {
  assertNotAborted();
  return getPrisma().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL ROLE ${SYSTEM_ROLE}`);
      return underSignal(tx, () => fn(tx));
    },
    { isolationLevel: options.isolationLevel, timeout: options.timeoutMs },
  );
}
