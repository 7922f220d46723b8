// The ledger as a statement (Stripe's balance transactions): top-ups, refunds and adjustments one
// row each, a campaign's per-SMS debits as one row per campaign (their sum, their count, the time
// span, the campaign to link to), filtered by kind and date. Read side only (wallet.statement).
import type { Tx } from '../../db/tx';
import type { CreditTransactionKind } from '../../db/generated/enums';

export type StatementLine = {
  /** The entry's id, or `reservation:<id>` for a group of debits. */
  key: string;
  kind: CreditTransactionKind;
  amount: number;
  /** How many ledger entries the line stands for (1 but for grouped debits). */
  entries: number;
  description: string;
  campaignId: string | null;
  campaignName: string | null;
  firstAt: Date;
  lastAt: Date;
};

export type StatementFilter = {
  tenantId: string;
  kinds?: readonly CreditTransactionKind[];
  /** Inclusive lower bound on the entry's time. */ from?: Date;
  /** Exclusive upper bound. */ to?: Date;
  limit?: number;
};

type Row = {
  key: string;
  kind: CreditTransactionKind;
  amount: bigint;
  entries: bigint;
  description: string;
  campaign_id: string | null;
  campaign_name: string | null;
  first_at: Date;
  last_at: Date;
};

/** Newest line first (by its latest entry). Grouping is per reservation: one per campaign. */
export async function listStatement(tx: Tx, filter: StatementFilter): Promise<StatementLine[]> {
  const limit = Math.max(1, Math.min(filter.limit ?? 100, 500));
  const kinds = filter.kinds?.length ? [...filter.kinds] : null;
  const rows = await tx.$queryRaw<Row[]>`
    WITH picked AS (
      SELECT t.* FROM credit_transactions t
       WHERE t.tenant_id = ${filter.tenantId}::uuid
         AND (${kinds}::text[] IS NULL OR t.kind::text = ANY(${kinds}::text[]))
         AND (${filter.from ?? null}::timestamptz IS NULL OR t.created_at >= ${filter.from ?? null}::timestamptz)
         AND (${filter.to ?? null}::timestamptz IS NULL OR t.created_at < ${filter.to ?? null}::timestamptz)
    ), lines AS (
      SELECT CASE WHEN p.kind = 'DEBIT' AND p.reservation_id IS NOT NULL
                  THEN 'reservation:' || p.reservation_id::text ELSE p.id::text END AS key,
             p.kind, p.amount, p.description, p.reservation_id, p.created_at, p.seq
        FROM picked p
    )
    SELECT l.key, l.kind, sum(l.amount)::bigint AS amount, count(*)::bigint AS entries,
           CASE WHEN count(*) = 1 THEN min(l.description) ELSE '' END AS description,
           c.id::text AS campaign_id, c.name AS campaign_name,
           min(l.created_at) AS first_at, max(l.created_at) AS last_at
      FROM lines l
      LEFT JOIN credit_reservations r ON r.id = l.reservation_id AND l.kind = 'DEBIT'
      LEFT JOIN campaigns c ON c.tenant_id = r.tenant_id AND c.reservation_key = r.reservation_key
     GROUP BY l.key, l.kind, c.id, c.name
     ORDER BY max(l.seq) DESC
     LIMIT ${limit}`;
  return rows.map((r) => ({
    key: r.key,
    kind: r.kind,
    amount: Number(r.amount),
    entries: Number(r.entries),
    description: r.description,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    firstAt: r.first_at,
    lastAt: r.last_at,
  }));
}
