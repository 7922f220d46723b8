// The books, checked from the rows themselves (tests run this after every money movement; an
// operator check could too). Returns every violation found, empty when the wallet is sound.
import type { Tx } from '../../db/tx';

export type LedgerViolation = { rule: string; detail: string };

type AccountRow = { balance: number; reserved: number };
type SumRow = { total: bigint | null; count: bigint };
type ChainRow = {
  id: string;
  seq: bigint;
  amount: number;
  balance_after: number;
  expected: bigint;
};
type ReservationRow = {
  reservation_key: string;
  status: string;
  amount: number;
  settled_amount: number;
  released_amount: number;
  debited: bigint | null;
  closed_at: Date | null;
};

export async function checkLedgerInvariants(
  tx: Tx,
  { tenantId }: { tenantId: string },
): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = [];
  const add = (rule: string, detail: string) => violations.push({ rule, detail });

  const [account] = await tx.$queryRaw<
    AccountRow[]
  >`SELECT balance, reserved FROM credit_accounts WHERE tenant_id = ${tenantId}::uuid`;
  const [sum] = await tx.$queryRaw<
    SumRow[]
  >`SELECT sum(amount)::bigint AS total, count(*)::bigint AS count FROM credit_transactions WHERE tenant_id = ${tenantId}::uuid`;
  const ledgerTotal = Number(sum?.total ?? 0);
  const balance = account?.balance ?? 0;
  if (!account && Number(sum?.count ?? 0) > 0)
    add('account-exists', 'ledger rows exist but the tenant has no credit account');
  if (balance !== ledgerTotal)
    add('balance-equals-ledger', `balance ${balance} but the ledger sums to ${ledgerTotal}`);

  // Each row's balance_after = running sum of the ledger up to it, in application order.
  const broken = await tx.$queryRaw<ChainRow[]>`
    SELECT id, seq, amount, balance_after, expected FROM (
      SELECT id, seq, amount, balance_after, sum(amount) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING)::bigint AS expected
        FROM credit_transactions WHERE tenant_id = ${tenantId}::uuid) chain
     WHERE balance_after <> expected ORDER BY seq LIMIT 20`;
  for (const row of broken)
    add(
      'balance-after-chain',
      `entry ${row.id} says ${row.balance_after}, running sum is ${Number(row.expected)}`,
    );

  const reservations = await tx.$queryRaw<ReservationRow[]>`
    SELECT r.reservation_key, r.status::text AS status, r.amount, r.settled_amount, r.released_amount, r.closed_at,
           (SELECT -sum(t.amount) FROM credit_transactions t WHERE t.reservation_id = r.id AND t.kind = 'DEBIT')::bigint AS debited
      FROM credit_reservations r WHERE r.tenant_id = ${tenantId}::uuid`;
  let openRest = 0;
  for (const r of reservations) {
    const debited = Number(r.debited ?? 0);
    if (debited !== r.settled_amount)
      add(
        'settled-equals-debits',
        `reservation ${r.reservation_key}: settled ${r.settled_amount}, debits total ${debited}`,
      );
    if (r.settled_amount > r.amount)
      add(
        'no-debit-beyond-reservation',
        `reservation ${r.reservation_key}: settled ${r.settled_amount} of ${r.amount}`,
      );
    if (r.status === 'PENDING') {
      openRest += r.amount - r.settled_amount;
      if (r.released_amount !== 0 || r.closed_at !== null)
        add(
          'released-once',
          `open reservation ${r.reservation_key} already released ${r.released_amount}`,
        );
    } else if (r.settled_amount + r.released_amount !== r.amount || r.closed_at === null) {
      add(
        'released-once',
        `closed reservation ${r.reservation_key}: settled ${r.settled_amount} + released ${r.released_amount} ≠ ${r.amount}`,
      );
    }
  }
  const reserved = account?.reserved ?? 0;
  if (reserved !== openRest)
    add(
      'reserved-equals-open-reservations',
      `reserved ${reserved} but open reservations hold ${openRest}`,
    );
  if (balance - openRest < 0)
    add(
      'available-non-negative',
      `available ${balance - openRest} (balance ${balance}, reserved ${openRest})`,
    );
  if (balance < 0) add('balance-non-negative', `balance ${balance}`);
  return violations;
}
