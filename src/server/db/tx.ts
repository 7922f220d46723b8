// Transactions with their tenant scope. Every tenant-owned query runs inside withTenantTx, which
// sets app.tenant_id for that transaction only (set_config(..., true)), so it is safe behind a
// transaction-pooling PgBouncer and RLS filters every statement.
import type { Prisma } from './generated/client';
import { getPrisma } from './client';
import { SYSTEM_ROLE } from './roles';

export type Tx = Prisma.TransactionClient;

type TxOptions = {
  userId?: string;
  isolationLevel?: Prisma.TransactionIsolationLevel;
  timeoutMs?: number;
};

export async function withTenantTx<T>(
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  options: TxOptions = {},
): Promise<T> {
  return getPrisma().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${options.userId ?? ''}, true)`;
      return fn(tx);
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
  return getPrisma().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL ROLE ${SYSTEM_ROLE}`);
      return fn(tx);
    },
    { isolationLevel: options.isolationLevel, timeout: options.timeoutMs },
  );
}
