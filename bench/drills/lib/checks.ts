// What every drill must end with, whatever it broke on the way: each accepted recipient is
// exactly one message in the provider's own log (the simulator's), the same SID on both sides;
// nothing went out unrecorded; the wallet paid exactly for what was accepted; the books balance;
// the reservation is closed; the campaign COMPLETED with counters equal to its rows.
import { ownerQuery } from './database';

export type Figure = [label: string, value: string | number];
export type CheckReport = { figures: Figure[]; violations: string[] };

export async function checkExactlyOnce(
  dbUrl: string,
  t: { tenantId: string; campaignId: string; balanceBefore: number },
): Promise<CheckReport> {
  const figures: Figure[] = [];
  const violations: string[] = [];
  const q = <R extends object>(sql: string, params: unknown[] = []) =>
    ownerQuery<R>(dbUrl, sql, params);
  const expectEqual = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      violations.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };

  const byStatus = await q<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1`,
    [t.campaignId],
  );
  figures.push(['recipients by status', byStatus.map((r) => `${r.status} ${r.n}`).join(', ')]);
  const [claims] = await q<{ again: number; max: number }>(
    `SELECT count(*) FILTER (WHERE attempts > 1)::int AS again, coalesce(max(attempts), 0)::int AS max FROM campaign_recipients WHERE campaign_id = $1`,
    [t.campaignId],
  );
  figures.push([
    'recipients claimed more than once (max claims)',
    `${claims?.again ?? 0} (${claims?.max ?? 0})`,
  ]);
  const open = byStatus
    .filter((r) => ['PENDING', 'SENDING', 'SENT'].includes(r.status))
    .reduce((s, r) => s + r.n, 0);
  expectEqual('recipients not final', open, 0);

  // Per recipient number: how many messages the provider logged, and whether ours is among them.
  const [log] = await q<{
    accepted: number;
    logged_total: number;
    duplicates: number;
    missing: number;
    unrecorded: number;
    sid_mismatch: number;
    cost_total: number;
    costs: number[];
  }>(
    `WITH per AS (
       SELECT r.phone, r.provider_message_id, r.cost,
              (SELECT count(*) FROM simulator_twilio_messages m WHERE m."to" = r.phone)::int AS logged,
              EXISTS (SELECT 1 FROM simulator_twilio_messages m WHERE m."to" = r.phone AND m.sid = r.provider_message_id) AS same_sid
         FROM campaign_recipients r WHERE r.campaign_id = $1)
     SELECT count(*) FILTER (WHERE provider_message_id IS NOT NULL)::int AS accepted,
            (SELECT count(*) FROM simulator_twilio_messages)::int AS logged_total,
            count(*) FILTER (WHERE logged > 1)::int AS duplicates,
            count(*) FILTER (WHERE provider_message_id IS NOT NULL AND logged = 0)::int AS missing,
            count(*) FILTER (WHERE provider_message_id IS NULL AND logged > 0)::int AS unrecorded,
            count(*) FILTER (WHERE provider_message_id IS NOT NULL AND logged > 0 AND NOT same_sid)::int AS sid_mismatch,
            coalesce(sum(cost) FILTER (WHERE provider_message_id IS NOT NULL), 0)::int AS cost_total,
            array_agg(DISTINCT cost) AS costs
       FROM per`,
    [t.campaignId],
  );
  const l = log!;
  figures.push(['accepted recipients (with a provider SID)', l.accepted]);
  figures.push(['simulator log rows (all numbers)', l.logged_total]);
  figures.push(['numbers with more than one message', l.duplicates]);
  figures.push(['accepted but not in the simulator log', l.missing]);
  figures.push(['in the simulator log but not recorded', l.unrecorded]);
  figures.push(['recorded SID not the logged one', l.sid_mismatch]);
  expectEqual('duplicate messages', l.duplicates, 0);
  expectEqual('accepted recipients missing from the provider log', l.missing, 0);
  expectEqual('messages sent but never recorded', l.unrecorded, 0);
  expectEqual('SID mismatches', l.sid_mismatch, 0);
  expectEqual('simulator log rows = accepted recipients', l.logged_total, l.accepted);

  const [events] = await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM campaign_events WHERE campaign_id = $1 AND kind = 'duplicate_send_detected'`,
    [t.campaignId],
  );
  expectEqual('duplicate_send_detected events', events?.n, 0);

  // The wallet: what left the balance = the DEBITs = credits_spent = accepted × cost.
  const [wallet] = await q<{
    balance: number;
    reserved: number;
    debits: number;
    debit_rows: number;
  }>(
    `SELECT a.balance, a.reserved,
            coalesce((SELECT -sum(amount) FROM credit_transactions WHERE tenant_id = a.tenant_id AND kind = 'DEBIT'), 0)::int AS debits,
            (SELECT count(*) FROM credit_transactions WHERE tenant_id = a.tenant_id AND kind = 'DEBIT')::int AS debit_rows
       FROM credit_accounts a WHERE a.tenant_id = $1`,
    [t.tenantId],
  );
  const [campaign] = await q<{
    status: string;
    credits_spent: number;
    credits_reserved: number;
    counters: Record<string, number>;
    reservation_key: string;
  }>(
    `SELECT status::text, credits_spent, credits_reserved, reservation_key,
            json_build_object('PENDING', pending_count, 'SENT', sent_count, 'DELIVERED', delivered_count, 'FAILED', failed_count, 'SKIPPED', skipped_count) AS counters
       FROM campaigns WHERE id = $1`,
    [t.campaignId],
  );
  const w = wallet!;
  const c = campaign!;
  const spent = t.balanceBefore - w.balance;
  const unitCost = l.costs.length === 1 ? l.costs[0]! : null;
  figures.push(['balance before − after', `${t.balanceBefore} − ${w.balance} = ${spent}`]);
  figures.push(['sum of DEBITs (rows)', `${w.debits} (${w.debit_rows})`]);
  figures.push(['campaign credits_spent', c.credits_spent]);
  figures.push([
    'accepted × cost',
    unitCost === null
      ? `mixed costs ${l.costs.join('/')}: ${l.cost_total}`
      : `${l.accepted} × ${unitCost} = ${l.accepted * unitCost}`,
  ]);
  expectEqual('balance before − after = DEBITs', spent, w.debits);
  expectEqual('DEBITs = credits_spent', w.debits, c.credits_spent);
  expectEqual('credits_spent = cost of accepted recipients', c.credits_spent, l.cost_total);
  expectEqual('one DEBIT row per accepted recipient', w.debit_rows, l.accepted);
  expectEqual('credits still reserved', w.reserved, 0);

  const { withTenantTx } = await import('../../../src/server/db/tx');
  const { checkLedgerInvariants } = await import('../../../src/server/domain/wallet');
  const ledger = await withTenantTx(t.tenantId, (tx) =>
    checkLedgerInvariants(tx, { tenantId: t.tenantId }),
  );
  figures.push(['ledger invariant violations', ledger.length]);
  for (const v of ledger) violations.push(`ledger ${v.rule}: ${v.detail}`);

  const [reservation] = await q<{
    status: string;
    amount: number;
    settled_amount: number;
    released_amount: number;
    closed: boolean;
  }>(
    `SELECT status::text, amount, settled_amount, released_amount, closed_at IS NOT NULL AS closed FROM credit_reservations WHERE tenant_id = $1 AND reservation_key = $2`,
    [t.tenantId, c.reservation_key],
  );
  const r = reservation!;
  figures.push([
    'reservation',
    `${r.status}: ${r.amount} = settled ${r.settled_amount} + released ${r.released_amount}`,
  ]);
  if (r.status === 'PENDING' || !r.closed) violations.push(`reservation still open (${r.status})`);
  expectEqual('reservation settled = credits_spent', r.settled_amount, c.credits_spent);
  expectEqual(
    'reservation settled + released = amount',
    r.settled_amount + r.released_amount,
    r.amount,
  );

  figures.push(['campaign status', c.status]);
  expectEqual('campaign status', c.status, 'COMPLETED');
  // The campaign counts SENDING (claimed right now) with PENDING.
  const rowsOf = (...statuses: string[]) =>
    byStatus.filter((b) => statuses.includes(b.status)).reduce((sum, b) => sum + b.n, 0);
  const rowsByStatus = {
    PENDING: rowsOf('PENDING', 'SENDING'),
    SENT: rowsOf('SENT'),
    DELIVERED: rowsOf('DELIVERED'),
    FAILED: rowsOf('FAILED'),
    SKIPPED: rowsOf('SKIPPED'),
  };
  expectEqual('campaign counters = recipient rows', c.counters, rowsByStatus);
  return { figures, violations };
}

/** Dead jobs and jobs still queued: not violations by themselves, but worth a line. */
export async function queueFigures(dbUrl: string): Promise<Figure[]> {
  const [row] = await ownerQuery<{ dead: number; queued: number }>(
    dbUrl,
    `SELECT count(*) FILTER (WHERE attempts >= max_attempts)::int AS dead, count(*) FILTER (WHERE attempts < max_attempts)::int AS queued FROM graphile_worker._private_jobs`,
  );
  return [['jobs left: queued (cron) / dead', `${row?.queued ?? 0} / ${row?.dead ?? 0}`]];
}

export function printReport(
  title: string,
  figures: Figure[],
  violations: string[],
  passMessage = 'exactly once, books balanced, campaign completed',
): void {
  const width = Math.max(...figures.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of figures) console.log(`  ${label.padEnd(width)}  ${value}`);
  if (violations.length === 0) {
    console.log(`\nPASS: ${passMessage}`);
    return;
  }
  console.log(`\nFAIL: ${violations.length} violation(s)`);
  for (const v of violations) console.log(`  - ${v}`);
}
