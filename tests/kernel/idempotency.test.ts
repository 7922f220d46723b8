// Idempotency-Key: replay byte for byte, 422 on other input, 409 while in flight (with real
// concurrency over separate connections), required keys, and nothing stored when the work
// rolled back.
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  adminProcedure,
  createCallerFactory,
  createTRPCRouter,
  idempotency,
} from '../../src/server/trpc/init';
import { createInnerContext } from '../../src/server/trpc/context';
import type { Principal } from '../../src/server/domain/auth/principal';
import { recordAudit } from '../../src/server/domain/audit/record';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { sweepIdempotencyKeys } from '../../src/server/domain/idempotency/records';
import { getRegistry } from '../../src/server/obs/metrics';
import { callerFor, createTenant, ownerQuery, trpcCode as codeOf } from '../helpers/fixtures';
import { bearerFor, jobsOf, trpcPost } from './support';

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await getRegistry().getMetricsAsJSON()).find((m) => m.name === name);
  return Number(
    metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      ?.value ?? 0,
  );
}

const auditCount = (tenantId: string, action: string) =>
  withTenantTx(tenantId, (tx) => tx.auditEntry.count({ where: { action } }));

/** A procedure that holds its transaction open until the test lets it finish. */
function gatedRouter() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const router = createTRPCRouter({
    slow: adminProcedure
      .use(idempotency())
      .input(z.object({ n: z.number() }))
      .mutation(async ({ ctx, input }) => {
        await recordAudit(ctx.tx, {
          tenantId: ctx.tenantId,
          action: 'test.slow',
          subject: `n:${input.n}`,
        });
        entered();
        await gate;
        return { n: input.n, at: new Date().toISOString() };
      }),
    failing: adminProcedure
      .use(idempotency())
      .input(z.object({ n: z.number() }))
      .mutation(async ({ ctx, input }) => {
        await recordAudit(ctx.tx, {
          tenantId: ctx.tenantId,
          action: 'test.failing',
          subject: `n:${input.n}`,
        });
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'refused after writing' });
      }),
    strict: adminProcedure
      .use(idempotency({ required: true }))
      .input(z.object({ n: z.number() }))
      .mutation(({ input }) => ({ n: input.n })),
  });
  const callerAs = (principal: Principal, key?: string) =>
    createCallerFactory(router)(
      createInnerContext({
        principal,
        headers: new Headers(key ? { 'idempotency-key': key } : {}),
      }),
    );
  return { callerAs, open, inside };
}

describe('Idempotency-Key over HTTP (ops.probe)', () => {
  it('same key + same input: the stored response byte for byte, and the probe is queued once', async () => {
    const tenant = await createTenant();
    const token = await bearerFor(tenant.owner);
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'probe-0001' };
    const replaysBefore = await counter('idempotency_replays_total', { procedure: 'ops.probe' });

    const first = await trpcPost('ops.probe', { failTimes: 0, note: 'once' }, headers);
    const firstText = await first.text();
    expect(first.status).toBe(200);
    // Same input, members in another order: still the same request.
    const second = await trpcPost('ops.probe', { note: 'once', failTimes: 0 }, headers);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(firstText);

    expect(
      (await jobsOf('ops.probe')).filter((j) => j.payload.tenantId === tenant.tenantId),
    ).toHaveLength(1);
    expect(await auditCount(tenant.tenantId, 'ops.probe.requested')).toBe(1);
    expect(
      (await counter('idempotency_replays_total', { procedure: 'ops.probe' })) - replaysBefore,
    ).toBe(1);
    const [stored] = await ownerQuery<{ response: string; scope: string }>(
      'SELECT response, scope FROM idempotency_keys WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(stored).toEqual({ response: '{"queued":true}', scope: 'ops.probe' });
  });

  it('same key + different input: 422, nothing run', async () => {
    const tenant = await createTenant();
    const token = await bearerFor(tenant.owner);
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'probe-0002' };
    expect((await trpcPost('ops.probe', { failTimes: 0 }, headers)).status).toBe(200);
    const other = await trpcPost('ops.probe', { failTimes: 1 }, headers);
    expect(other.status).toBe(422);
    expect(JSON.stringify(await other.json())).toContain('already used with a different input');
    expect(await auditCount(tenant.tenantId, 'ops.probe.requested')).toBe(1);
  });

  it('keys are per tenant and per procedure; no key means no idempotency', async () => {
    const a = await createTenant();
    const b = await createTenant();
    const key = 'shared-key-1';
    await callerFor(a.owner, { 'idempotency-key': key }).ops.probe({ failTimes: 0 });
    await callerFor(b.owner, { 'idempotency-key': key }).ops.probe({ failTimes: 2 });
    await callerFor(a.owner).ops.probe({ failTimes: 0 });
    await callerFor(a.owner).ops.probe({ failTimes: 0 });
    expect(await auditCount(a.tenantId, 'ops.probe.requested')).toBe(3);
    expect(await auditCount(b.tenantId, 'ops.probe.requested')).toBe(1);
  });

  it('refuses a malformed key with 400 and stores nothing', async () => {
    const tenant = await createTenant();
    const res = await trpcPost(
      'ops.probe',
      { failTimes: 0 },
      {
        authorization: `Bearer ${await bearerFor(tenant.owner)}`,
        'idempotency-key': 'x'.repeat(256),
      },
    );
    expect(res.status).toBe(400);
    expect(await auditCount(tenant.tenantId, 'ops.probe.requested')).toBe(0);
    expect(
      await ownerQuery('SELECT 1 FROM idempotency_keys WHERE tenant_id = $1', [tenant.tenantId]),
    ).toHaveLength(0);
  });
});

describe('Idempotency-Key under real concurrency', () => {
  it('a second request while the first is in flight gets 409; after the first commits it replays', async () => {
    const tenant = await createTenant();
    const { callerAs, open, inside } = gatedRouter();
    const conflictsBefore = await counter('idempotency_conflicts_total', {
      procedure: 'slow',
      reason: 'in_flight',
    });
    const first = callerAs(tenant.owner, 'gate-1').slow({ n: 1 });
    await inside; // the first holds its transaction (and the key) open now
    expect(await codeOf(callerAs(tenant.owner, 'gate-1').slow({ n: 1 }))).toBe('CONFLICT');
    expect(await codeOf(callerAs(tenant.owner, 'gate-1').slow({ n: 2 }))).toBe('CONFLICT');
    // another key is not blocked by it
    const unrelated = callerAs(tenant.owner, 'gate-2');
    open();
    const firstResult = await first;
    expect(await unrelated.slow({ n: 3 })).toMatchObject({ n: 3 });
    const replay = await callerAs(tenant.owner, 'gate-1').slow({ n: 1 });
    expect(JSON.stringify(replay)).toBe(JSON.stringify(firstResult));
    expect(await auditCount(tenant.tenantId, 'test.slow')).toBe(2); // n:1 once, n:3 once
    expect(
      (await counter('idempotency_conflicts_total', { procedure: 'slow', reason: 'in_flight' })) -
        conflictsBefore,
    ).toBe(2);
  });

  it('12 truly concurrent identical requests (separate connections) run the work exactly once', async () => {
    const tenant = await createTenant();
    const caller = () => callerFor(tenant.owner, { 'idempotency-key': 'storm-1' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () => caller().ops.probe({ failTimes: 0, note: 'storm' })),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const o of ok) expect(o.value).toEqual({ queued: true });
    for (const o of refused) expect((o.reason as TRPCError).code).toBe('CONFLICT');
    expect(await auditCount(tenant.tenantId, 'ops.probe.requested')).toBe(1);
    expect(
      (await jobsOf('ops.probe')).filter(
        (j) => j.payload.tenantId === tenant.tenantId && j.payload.note === 'storm',
      ),
    ).toHaveLength(1);
  });
});

describe('Idempotency-Key and transactions', () => {
  it('a failed procedure stores no response and leaves no row: the same key may be retried', async () => {
    const tenant = await createTenant();
    const { callerAs } = gatedRouter();
    expect(await codeOf(callerAs(tenant.owner, 'fail-1').failing({ n: 1 }))).toBe('BAD_REQUEST');
    expect(await codeOf(callerAs(tenant.owner, 'fail-1').failing({ n: 1 }))).toBe('BAD_REQUEST');
    expect(await auditCount(tenant.tenantId, 'test.failing')).toBe(0);
    expect(
      await ownerQuery('SELECT 1 FROM idempotency_keys WHERE tenant_id = $1', [tenant.tenantId]),
    ).toHaveLength(0);
  });

  it('a procedure can require the key: 400 with a clear message when it is missing', async () => {
    const tenant = await createTenant();
    const { callerAs } = gatedRouter();
    const error = await callerAs(tenant.owner)
      .strict({ n: 1 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('strict requires an Idempotency-Key header');
    expect(await callerAs(tenant.owner, 'strict-1').strict({ n: 1 })).toEqual({ n: 1 });
  });

  it('expired records are swept (24 h) and no longer bind the key', async () => {
    const tenant = await createTenant();
    await callerFor(tenant.owner, { 'idempotency-key': 'old-1' }).ops.probe({ failTimes: 0 });
    await callerFor(tenant.owner, { 'idempotency-key': 'new-1' }).ops.probe({ failTimes: 0 });
    await ownerQuery(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE key = 'old-1'`,
    );
    // expired but not yet swept: the key is free again (a different input is accepted)
    await callerFor(tenant.owner, { 'idempotency-key': 'old-1' }).ops.probe({ failTimes: 3 });
    await ownerQuery(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE key = 'old-1'`,
    );
    expect(await withSystemTx((tx) => sweepIdempotencyKeys(tx))).toBeGreaterThanOrEqual(1);
    const left = await ownerQuery<{ key: string }>(
      'SELECT key FROM idempotency_keys WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(left.map((r) => r.key)).toEqual(['new-1']);
  });
});
