// The campaign a drill sends: a tenant with credits and consenting contacts (inserted in bulk, as
// tests/campaigns/support.ts does), launched through the real tRPC router with an
// Idempotency-Key, and watched from the recipient rows until every one is final.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../../src/server/domain/auth/principal';
import { ownerQuery } from './database';

export type DrillTenant = { tenantId: string; owner: Principal };

/** `count` German mobile numbers, none ending in 13 (the simulator reports those undelivered). */
export function phoneNumbers(count: number, start = 10_000_000): string[] {
  const out: string[] = [];
  for (let n = start; out.length < count; n++)
    if (n % 100 !== 13) out.push(`+49151${String(n).padStart(8, '0')}`);
  return out;
}

export async function seedTenant(
  runId: string,
  options: { credits: number; contacts: number },
): Promise<DrillTenant> {
  const { withSystemTx, withTenantTx } = await import('../../../src/server/db/tx');
  const { creditTopUp } = await import('../../../src/server/domain/wallet');
  const owner = await withSystemTx(async (tx) => {
    const tenant = await tx.tenant.create({
      data: { slug: `drill-${runId}`, name: 'Drill' },
      select: { id: true },
    });
    const user = await tx.user.create({
      data: { email: `drill-${runId}@drill.test`, name: 'Drill' },
      select: { id: true },
    });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
    return {
      kind: 'session' as const,
      userId: user.id,
      tenantId: tenant.id,
      role: 'OWNER' as const,
    };
  });
  const tenantId = owner.tenantId;
  await withTenantTx(tenantId, (tx) =>
    creditTopUp(tx, {
      tenantId,
      idempotencyKey: `drill-grant-${runId}`,
      credits: options.credits,
      description: 'drill grant',
    }),
  );
  const phones = phoneNumbers(options.contacts);
  for (let i = 0; i < phones.length; i += 5_000) {
    const chunk = phones.slice(i, i + 5_000);
    await withTenantTx(
      tenantId,
      (tx) =>
        tx.$executeRaw`
        INSERT INTO contacts (tenant_id, phone, name, tags, consent, consent_updated_at)
        SELECT ${tenantId}::uuid, p, 'Sam', '{}', 'GRANTED', now() FROM unnest(${chunk}::text[]) AS p`,
    );
  }
  return { tenantId, owner };
}

/** Draft, then launch with an Idempotency-Key, through the router as the console calls it. */
export async function launchCampaign(
  tenant: DrillTenant,
  body: string,
): Promise<{ id: string; creditsReserved: number; totalRecipients: number }> {
  const { createCaller } = await import('../../../src/server/trpc/root');
  const { createInnerContext } = await import('../../../src/server/trpc/context');
  const caller = (headers: Record<string, string> = {}) =>
    createCaller(createInnerContext({ principal: tenant.owner, headers: new Headers(headers) }));
  const draft = await caller().campaigns.create({
    name: 'Drill',
    body,
    audience: { tagsAny: [], tagsAll: [], tagsNone: [] },
  });
  const launched = await caller({
    'idempotency-key': `drill-launch-${randomBytes(6).toString('hex')}`,
  }).campaigns.launch({ id: draft.id });
  return {
    id: launched.id,
    creditsReserved: launched.creditsReserved,
    totalRecipients: launched.totalRecipients,
  };
}

export type Progress = {
  status: string;
  byStatus: Record<string, number>;
  open: number;
  final: number;
  accepted: number;
};

/** From the rows (not the campaign's counters): what is still PENDING/SENDING/SENT, what is final. */
export async function campaignProgress(dbUrl: string, campaignId: string): Promise<Progress> {
  const [campaign] = await ownerQuery<{ status: string }>(
    dbUrl,
    'SELECT status::text FROM campaigns WHERE id = $1',
    [campaignId],
  );
  const rows = await ownerQuery<{ status: string; n: number; accepted: number }>(
    dbUrl,
    `SELECT status::text, count(*)::int AS n, count(provider_message_id)::int AS accepted FROM campaign_recipients WHERE campaign_id = $1 GROUP BY 1`,
    [campaignId],
  );
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const open = (byStatus.PENDING ?? 0) + (byStatus.SENDING ?? 0) + (byStatus.SENT ?? 0);
  const total = rows.reduce((s, r) => s + r.n, 0);
  return {
    status: campaign?.status ?? 'MISSING',
    byStatus,
    open,
    final: total - open,
    accepted: rows.reduce((s, r) => s + r.accepted, 0),
  };
}

/**
 * Waits until every recipient is final and the campaign COMPLETED; a query that fails (the
 * database restarting) is retried. Prints a progress line now and then; throws after `timeoutMs`,
 * or when nothing moved for `stallMs`.
 */
export async function waitUntilFinal(
  dbUrl: string,
  campaignId: string,
  options: { timeoutMs: number; stallMs?: number; every?: number },
): Promise<Progress> {
  const { timeoutMs, stallMs = 300_000, every = 30_000 } = options;
  const started = Date.now();
  let lastPrint = started;
  let lastMove = started;
  let last: Progress | null = null;
  for (;;) {
    const now = await campaignProgress(dbUrl, campaignId).catch(() => last);
    if (
      now &&
      (now.final !== last?.final || now.accepted !== last?.accepted || now.status !== last?.status)
    )
      lastMove = Date.now();
    last = now;
    if (last && last.open === 0 && last.status === 'COMPLETED') return last;
    const state = `campaign ${last?.status ?? '?'}, recipients ${JSON.stringify(last?.byStatus ?? {})}`;
    if (Date.now() - started > timeoutMs)
      throw new Error(`not final after ${Math.round(timeoutMs / 1000)} s: ${state}`);
    if (Date.now() - lastMove > stallMs)
      throw new Error(`no progress for ${Math.round(stallMs / 1000)} s: ${state}`);
    if (Date.now() - lastPrint >= every && last) {
      lastPrint = Date.now();
      console.log(
        `  ${Math.round((Date.now() - started) / 1000)} s: ${last.final} final, ${last.open} open ${JSON.stringify(last.byStatus)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
