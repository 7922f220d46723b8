// Campaign test helpers: a tenant with credits and consenting contacts, launching through the
// real router (Idempotency-Key and all), running the worker's real tasks until the queue is
// quiet, and the books/counts checks every money-moving campaign test ends with.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { makeAllDue, runDueJobs } from '../kernel/support';
import { expectBooksBalanced, grantCredits } from '../wallet/support';

export type ContactSeed = {
  phone: string;
  name?: string | null;
  tags?: string[];
  consent?: 'GRANTED' | 'UNKNOWN' | 'WITHDRAWN';
  optedOut?: boolean;
};

/** Contacts straight into the table (the contacts domain has its own tests). */
export async function seedContacts(tenantId: string, contacts: ContactSeed[]): Promise<void> {
  await withTenantTx(
    tenantId,
    (tx) =>
      tx.$executeRaw`
      INSERT INTO contacts (tenant_id, phone, name, tags, consent, consent_updated_at, opted_out, opted_out_at)
      SELECT ${tenantId}::uuid, c.phone, c.name, coalesce((SELECT array_agg(t) FROM jsonb_array_elements_text(c.tags) t), '{}'),
             c.consent::"MarketingConsent", CASE WHEN c.consent <> 'UNKNOWN' THEN now() END, c.opted_out, CASE WHEN c.opted_out THEN now() END
        FROM jsonb_to_recordset(${JSON.stringify(contacts.map((c) => ({ phone: c.phone, name: c.name ?? null, tags: c.tags ?? [], consent: c.consent ?? 'GRANTED', opted_out: c.optedOut ?? false })))}::jsonb)
             AS c(phone text, name text, tags jsonb, consent text, opted_out boolean)`,
  );
}

/** `count` consenting contacts with German mobile numbers (+49151…), none ending in 13 unless asked. */
export function numbers(count: number, start = 10_000_000): string[] {
  const out: string[] = [];
  for (let n = start; out.length < count; n++)
    if (n % 100 !== 13) out.push(`+49151${String(n).padStart(8, '0')}`);
  return out;
}

export async function campaignTenant(
  options: { credits?: number; contacts?: ContactSeed[] } = {},
): Promise<TestTenant> {
  const tenant = await createTenant('camp');
  if (options.credits) await grantCredits(tenant.tenantId, options.credits);
  if (options.contacts?.length) await seedContacts(tenant.tenantId, options.contacts);
  return tenant;
}

export const freshKey = () => `launch-${randomBytes(6).toString('hex')}`;

export async function draftAndLaunch(
  tenant: TestTenant,
  draft: {
    name?: string;
    body: string;
    audience?: { tagsAny?: string[]; tagsAll?: string[]; tagsNone?: string[] };
  },
) {
  const created = await callerFor(tenant.owner).campaigns.create({
    name: draft.name ?? 'Spring sale',
    body: draft.body,
    audience: { tagsAny: [], tagsAll: [], tagsNone: [], ...draft.audience },
  });
  const launched = await callerFor(tenant.owner, {
    'idempotency-key': freshKey(),
  }).campaigns.launch({ id: created.id });
  return launched;
}

/** Runs due jobs (all of them: batches, callbacks, webhook processing) until nothing is left to run soon. */
export async function drainJobs(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await runDueJobs();
    const [left] = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE attempts < max_attempts AND locked_at IS NULL`,
    );
    if (!left || left.n === 0) return;
    await makeAllDue();
  }
}

export type CampaignRow = {
  status: string;
  total_recipients: number;
  pending_count: number;
  sent_count: number;
  delivered_count: number;
  failed_count: number;
  skipped_count: number;
  credits_reserved: number;
  credits_spent: number;
};

export async function campaignRow(id: string): Promise<CampaignRow> {
  const [row] = await ownerQuery<CampaignRow>(
    'SELECT status::text, total_recipients, pending_count, sent_count, delivered_count, failed_count, skipped_count, credits_reserved, credits_spent FROM campaigns WHERE id = $1',
    [id],
  );
  return row!;
}

/** Recipients by their actual status (SENDING included, which the campaign counts as pending). */
export async function statusesOf(campaignId: string): Promise<Record<string, number>> {
  const rows = await ownerQuery<{ status: string; n: number }>(
    'SELECT status::text, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY 1',
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * The money and the counts agree, whatever happened: ledger invariants; counts = the rows; the
 * debits against the campaign's reservation = credits_spent = the cost of every recipient the
 * provider accepted, one DEBIT per such recipient.
 */
export async function expectCampaignConsistent(
  tenantId: string,
  campaignId: string,
): Promise<void> {
  await expectBooksBalanced(tenantId);
  const c = await campaignRow(campaignId);
  const [rows] = await ownerQuery<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE status IN ('PENDING', 'SENDING'))::int AS pending_count,
            count(*) FILTER (WHERE status = 'SENT')::int AS sent_count, count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered_count,
            count(*) FILTER (WHERE status = 'FAILED')::int AS failed_count, count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped_count,
            coalesce(sum(cost) FILTER (WHERE provider_message_id IS NOT NULL), 0)::int AS credits_spent,
            count(*) FILTER (WHERE provider_message_id IS NOT NULL)::int AS accepted
       FROM campaign_recipients WHERE campaign_id = $1`,
    [campaignId],
  );
  const { accepted, ...counts } = rows!;
  expect({ ...counts }).toEqual({
    pending_count: c.pending_count,
    sent_count: c.sent_count,
    delivered_count: c.delivered_count,
    failed_count: c.failed_count,
    skipped_count: c.skipped_count,
    credits_spent: c.credits_spent,
  });
  const [debits] = await ownerQuery<{ n: number; total: number }>(
    `SELECT count(*)::int AS n, coalesce(-sum(t.amount), 0)::int AS total FROM credit_transactions t
       JOIN credit_reservations r ON r.id = t.reservation_id WHERE r.reservation_key = $1 AND r.tenant_id = $2 AND t.kind = 'DEBIT'`,
    [`campaign:${campaignId}`, tenantId],
  );
  expect(debits).toEqual({ n: accepted, total: c.credits_spent });
}
