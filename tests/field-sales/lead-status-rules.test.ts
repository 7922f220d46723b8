// The lead's status rules kept by applyAnalysisOutcome, and recording consent, against the
// migrated database: a person's status is never overwritten by analysis, an older result never
// overwrites a newer one, and the database refuses an analysis status without its result time.
import { describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { applyAnalysisOutcome } from '../../src/server/domain/leads/apply-analysis-outcome';
import {
  hasRecordingConsent,
  setRecordingConsent,
} from '../../src/server/domain/leads/recording-consent';
import { actorOf } from '../../src/server/domain/audit/actor';
import { createTenant, type TestTenant } from '../helpers/fixtures';

async function newLead(tenant: TestTenant): Promise<string> {
  return withTenantTx(tenant.tenantId, async (tx) => {
    const contact = await tx.contact.create({
      data: {
        tenantId: tenant.tenantId,
        phone: `+4915${Math.floor(100000000 + Math.random() * 899999999)}`,
      },
      select: { id: true },
    });
    const lead = await tx.lead.create({
      data: { tenantId: tenant.tenantId, contactId: contact.id, source: 'WEB' },
      select: { id: true },
    });
    return lead.id;
  });
}

const at = (iso: string) => new Date(iso);

describe('applyAnalysisOutcome', () => {
  it('applies a newer result, skips an older or equal one', async () => {
    const tenant = await createTenant();
    const leadId = await newLead(tenant);
    const apply = (outcome: 'WON' | 'LOST' | 'CONTACTED', resultAt: string) =>
      withTenantTx(tenant.tenantId, (tx) =>
        applyAnalysisOutcome(tx, { leadId, outcome, resultAt: at(resultAt) }),
      );
    expect(await apply('CONTACTED', '2026-12-01T10:00:00Z')).toEqual({
      applied: true,
      status: 'CONTACTED',
    });
    expect(await apply('WON', '2026-12-01T12:00:00Z')).toEqual({ applied: true, status: 'WON' });
    expect(await apply('LOST', '2026-12-01T11:00:00Z')).toEqual({
      applied: false,
      reason: 'older_result',
      status: 'WON',
    });
    expect(await apply('LOST', '2026-12-01T12:00:00Z')).toMatchObject({ applied: false });
    const stored = await withTenantTx(tenant.tenantId, (tx) =>
      tx.lead.findUniqueOrThrow({ where: { id: leadId } }),
    );
    expect(stored).toMatchObject({ status: 'WON', statusSetBy: 'ANALYSIS' });
    expect(stored.statusResultAt?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
  });

  it('never overwrites a status a person set', async () => {
    const tenant = await createTenant();
    const leadId = await newLead(tenant);
    await withTenantTx(tenant.tenantId, (tx) =>
      tx.lead.update({
        where: { id: leadId },
        data: { status: 'LOST', statusSetBy: 'PERSON', statusSetById: tenant.owner.userId },
      }),
    );
    const result = await withTenantTx(tenant.tenantId, (tx) =>
      applyAnalysisOutcome(tx, { leadId, outcome: 'WON', resultAt: new Date() }),
    );
    expect(result).toEqual({ applied: false, reason: 'set_by_person', status: 'LOST' });
  });

  it('is refused by the database when an analysis status has no result time', async () => {
    const tenant = await createTenant();
    const leadId = await newLead(tenant);
    await expect(
      withTenantTx(tenant.tenantId, (tx) =>
        tx.lead.update({ where: { id: leadId }, data: { statusSetBy: 'ANALYSIS' } }),
      ),
    ).rejects.toThrow(/leads_analysis_status_has_result_time/);
  });
});

describe('recording consent', () => {
  it('is absent until granted, recorded with who and when, audited, and can be withdrawn', async () => {
    const tenant = await createTenant();
    const leadId = await newLead(tenant);
    const actor = actorOf(tenant.owner);
    expect(await withTenantTx(tenant.tenantId, (tx) => hasRecordingConsent(tx, leadId))).toBe(
      false,
    );
    await withTenantTx(tenant.tenantId, (tx) =>
      setRecordingConsent(tx, actor, { leadId, granted: true }),
    );
    expect(await withTenantTx(tenant.tenantId, (tx) => hasRecordingConsent(tx, leadId))).toBe(true);
    await withTenantTx(tenant.tenantId, (tx) =>
      setRecordingConsent(tx, actor, { leadId, granted: false }),
    );
    const { lead, audits } = await withTenantTx(tenant.tenantId, async (tx) => ({
      lead: await tx.lead.findUniqueOrThrow({ where: { id: leadId } }),
      audits: await tx.auditEntry.findMany({
        where: { subject: `lead:${leadId}` },
        orderBy: { createdAt: 'asc' },
      }),
    }));
    expect(lead).toMatchObject({
      recordingConsent: 'WITHDRAWN',
      recordingConsentById: tenant.owner.userId,
    });
    expect(audits.map((a) => a.detail)).toEqual([
      { from: 'UNKNOWN', to: 'GRANTED' },
      { from: 'GRANTED', to: 'WITHDRAWN' },
    ]);
    expect(await withTenantTx(tenant.tenantId, (tx) => hasRecordingConsent(tx, leadId))).toBe(
      false,
    );
  });
});
