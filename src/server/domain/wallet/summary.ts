// Read side of the wallet: the figures the console shows and the paginated ledger.
import type { Tx } from '../../db/tx';
import { readAccount } from './account';
import { ledgerEntrySelect, type LedgerEntry } from './ledger';

export type WalletSummary = {
  balance: number;
  reserved: number;
  available: number;
  openReservations: number;
  updatedAt: Date | null;
};

export async function getWalletSummary(
  tx: Tx,
  { tenantId }: { tenantId: string },
): Promise<WalletSummary> {
  // One after another: a transaction is one connection, which runs one query at a time anyway.
  const account = await readAccount(tx, { tenantId });
  const row = await tx.creditAccount.findUnique({
    where: { tenantId },
    select: { updatedAt: true },
  });
  const openReservations = await tx.creditReservation.count({
    where: { tenantId, status: 'PENDING' },
  });
  return {
    balance: account.balance,
    reserved: account.reserved,
    available: account.available,
    openReservations,
    updatedAt: row?.updatedAt ?? null,
  };
}

export type LedgerPage = { items: LedgerEntry[]; nextCursor: string | null };

/** Newest first, in application order (seq); the cursor is the last entry's id. */
export async function listLedger(
  tx: Tx,
  { tenantId, ...page }: { tenantId: string; limit: number; cursor?: string },
): Promise<LedgerPage> {
  const limit = Math.max(1, Math.min(page.limit, 200));
  const rows = await tx.creditTransaction.findMany({
    where: { tenantId },
    orderBy: { seq: 'desc' },
    take: limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    select: ledgerEntrySelect,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}
