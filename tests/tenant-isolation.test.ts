// Every tenant procedure, called by tenant B against tenant A's data. Ids of another tenant answer
// NOT_FOUND (never FORBIDDEN); lists never include another tenant's rows; writes land in the
// caller's tenant only. The coverage test fails when a tenant procedure has no case here.
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/server/trpc/root';
import type { Meta } from '../src/server/trpc/init';
import { withSystemTx } from '../src/server/db/tx';
import { expectNotFound } from './helpers/expect-not-found';
import { callerFor, createTenant, ownerQuery, type TestTenant } from './helpers/fixtures';
import {
  createConnection,
  eventsOf,
  send,
  uniqueId,
  type TestConnection,
} from './webhooks/helpers';
import { stripeSimulator } from '../src/server/simulators/stripe/deliveries';
import { jobsIsolationCases } from './kernel/jobs-isolation-cases';
import { walletIsolationCases } from './wallet/wallet-isolation-cases';
import { campaignsIsolationCases } from './campaigns/campaigns-isolation-cases';
import { contactsIsolationCases } from './contacts/contacts-isolation-cases';
import { membersIsolationCases } from './members/members-isolation-cases';
import { callsIsolationCases } from './calls/calls-isolation-cases';
import { recordingsIsolationCases } from './field-sales/recordings-isolation-cases';
import { fieldSalesIsolationCases } from './field-sales/field-sales-isolation-cases';
import { knowledgeIsolationCases } from './answering/knowledge-isolation-cases';
import { callSimulatorIsolationCases } from './calls/call-simulator-isolation-cases';
import { assistantIsolationCases } from './answering/assistant-isolation-cases';

let a: TestTenant;
let b: TestTenant;
let aTokenId: string;
let aConnection: TestConnection;
let aEventId: string;

beforeAll(async () => {
  a = await createTenant('iso-a');
  b = await createTenant('iso-b');
  aTokenId = (await callerFor(a.owner).apiTokens.create({ name: 'A secret token' })).id;
  await callerFor(a.owner).ops.probe({ failTimes: 0, note: 'tenant A probe' });
  aConnection = await createConnection(a, 'stripe');
  const delivered = await send(
    'stripe',
    stripeSimulator.sign({
      url: aConnection.url,
      body: stripeSimulator.sampleBody(uniqueId()),
      secret: aConnection.secret,
    }),
  );
  expect(delivered.status).toBe(200);
  aEventId = (await eventsOf(aConnection))[0]!.id;
});

const asB = () => callerFor(b.owner);

const cases: Record<string, () => Promise<void>> = {
  'me.get': async () => {
    const me = await asB().me.get();
    expect(me.tenant.id).toBe(b.tenantId);
  },
  ...membersIsolationCases(() => ({ a, b })),
  'apiTokens.list': async () => {
    const tokens = await asB().apiTokens.list();
    expect(tokens.map((t) => t.id)).not.toContain(aTokenId);
  },
  'apiTokens.create': async () => {
    const created = await asB().apiTokens.create({ name: 'B token' });
    const row = await withSystemTx((tx) =>
      tx.apiToken.findUniqueOrThrow({ where: { id: created.id } }),
    );
    expect(row.tenantId).toBe(b.tenantId);
  },
  'apiTokens.revoke': async () => {
    await expectNotFound(asB().apiTokens.revoke({ id: aTokenId }));
    const row = await withSystemTx((tx) =>
      tx.apiToken.findUniqueOrThrow({ where: { id: aTokenId } }),
    );
    expect(row.revokedAt).toBeNull();
  },
  'ops.health': async () => {
    // Process-wide readiness: carries no tenant data at all.
    const health = await asB().ops.health();
    expect(JSON.stringify(health)).not.toContain(a.tenantId);
  },
  'ops.probe': async () => {
    await asB().ops.probe({ failTimes: 0, note: 'tenant B probe' });
    const jobs = await ownerQuery<{ payload: { tenantId: string; note: string } }>(
      `SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'ops.probe'`,
    );
    const bJob = jobs.find((j) => j.payload.note === 'tenant B probe');
    expect(bJob?.payload.tenantId).toBe(b.tenantId);
  },
  'webhooks.createConnection': async () => {
    const created = await asB().webhooks.createConnection({
      provider: 'stripe',
      label: 'B stripe',
    });
    const [row] = await ownerQuery<{ tenant_id: string }>(
      'SELECT tenant_id FROM webhook_connections WHERE id = $1',
      [created.id],
    );
    expect(row?.tenant_id).toBe(b.tenantId);
  },
  'webhooks.listConnections': async () => {
    const listed = await asB().webhooks.listConnections();
    expect(listed.map((c) => c.id)).not.toContain(aConnection.id);
  },
  'webhooks.rotateSecret': async () => {
    await expectNotFound(asB().webhooks.rotateSecret({ id: aConnection.id, graceMinutes: 0 }));
    const [row] = await ownerQuery<{ previous_secret_ciphertext: string | null }>(
      'SELECT previous_secret_ciphertext FROM webhook_connections WHERE id = $1',
      [aConnection.id],
    );
    expect(row?.previous_secret_ciphertext).toBeNull();
  },
  'webhooks.listEvents': async () => {
    const page = await asB().webhooks.listEvents({ limit: 100 });
    expect(JSON.stringify(page)).not.toContain(aEventId);
  },
  'webhooks.getEvent': async () => {
    await expectNotFound(asB().webhooks.getEvent({ id: aEventId }));
  },
  'webhooks.replayEvent': async () => {
    await expectNotFound(asB().webhooks.replayEvent({ id: aEventId }));
  },
  'audit.list': async () => {
    const { items } = await asB().audit.list({ limit: 200 });
    expect(items.length).toBeGreaterThan(0);
    expect(JSON.stringify(items)).not.toContain('tenant A probe');
    expect(items.map((e) => e.subject)).not.toContain(`api_token:${aTokenId}`);
    // Naming A's object, A's person or paging from A's entry finds nothing either.
    const subject = `api_token:${aTokenId}`;
    const [aEntry] = (await callerFor(a.owner).audit.list({ subject })).items;
    expect(aEntry?.actor?.id).toBe(a.owner.userId);
    for (const filter of [{ subject }, { actorId: a.owner.userId }, { cursor: aEntry!.id }])
      expect((await asB().audit.list(filter)).items).toEqual([]);
  },
  ...contactsIsolationCases(() => ({ a, b })),
  ...callsIsolationCases(() => ({ a, b })),
  ...recordingsIsolationCases(() => ({ a, b })),
  ...fieldSalesIsolationCases(() => ({ a, b })),
  ...knowledgeIsolationCases(() => ({ a, b })),
  ...callSimulatorIsolationCases(() => ({ a, b })),
  ...assistantIsolationCases(() => ({ a, b })),
  // Last: these run worker passes, which would run B's queued probe before 'ops.probe' looks for it.
  ...jobsIsolationCases(() => ({ a, b })),
  ...walletIsolationCases(() => ({ a, b })),
  ...campaignsIsolationCases(() => ({ a, b })),
};

describe('tenant procedures across the boundary', () => {
  for (const [path, run] of Object.entries(cases)) it(path, run);

  it('covers every tenant and admin procedure in the router', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: Meta } }
    >;
    const scoped = Object.entries(procedures)
      .filter(([, p]) => p._def.meta?.scope === 'tenant' || p._def.meta?.scope === 'admin')
      .map(([path]) => path)
      .sort();
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.filter((p) => !(p in cases))).toEqual([]);
  });
});
