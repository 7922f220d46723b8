// Per-tenant webhook connections: secrets shown once and sealed at rest, rotation with a grace
// period, and tenant isolation of every connection and archive procedure.
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  trpcCode as codeOf,
} from '../helpers/fixtures';
import { stripeSimulator } from '../../src/server/simulators/stripe/deliveries';
import { createConnection, send, uniqueId } from './helpers';

const deliver = (url: string, secret: string) => {
  const id = uniqueId();
  return send(
    'stripe',
    stripeSimulator.sign({ url, body: stripeSimulator.sampleBody(id), secret }),
  );
};

describe('webhook connections', () => {
  it('shows the secret once and stores it only encrypted', async () => {
    const tenant = await createTenant('wh-conn');
    const c = await createConnection(tenant, 'stripe');
    expect(c.secret).toMatch(/^whsec_/);
    const listed = await callerFor(tenant.owner).webhooks.listConnections();
    expect(listed.map((x) => x.id)).toContain(c.id);
    expect(JSON.stringify(listed)).not.toContain(c.secret);
    const [row] = await ownerQuery<{ secret_ciphertext: string }>(
      'SELECT secret_ciphertext FROM webhook_connections WHERE id = $1',
      [c.id],
    );
    expect(row!.secret_ciphertext).toMatch(/^v1\./);
    expect(row!.secret_ciphertext).not.toContain(c.secret.slice(6));
  });

  it('a sealed secret copied onto another connection does not open (bound to its public id)', async () => {
    const tenant = await createTenant('wh-aad');
    const a = await createConnection(tenant, 'stripe');
    const b = await createConnection(tenant, 'stripe');
    await ownerQuery(
      'UPDATE webhook_connections SET secret_ciphertext = (SELECT secret_ciphertext FROM webhook_connections WHERE id = $1) WHERE id = $2',
      [a.id, b.id],
    );
    const response = await deliver(b.url, a.secret).catch((e: unknown) => e);
    expect(response instanceof Response ? response.status : 500).not.toBe(200);
  });

  it('rotation: the old secret works during the grace period and fails after it', async () => {
    const tenant = await createTenant('wh-rotate');
    const c = await createConnection(tenant, 'stripe');
    const rotated = await callerFor(tenant.owner).webhooks.rotateSecret({
      id: c.id,
      graceMinutes: 60,
    });
    expect(rotated.secret).not.toBe(c.secret);
    expect(rotated.previousSecretExpiresAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect((await deliver(c.url, rotated.secret)).status).toBe(200);
    expect((await deliver(c.url, c.secret)).status).toBe(200);
    // The grace period ends (moved into the past rather than waiting an hour).
    await ownerQuery(
      `UPDATE webhook_connections SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [c.id],
    );
    expect((await deliver(c.url, c.secret)).status).toBe(401);
    expect((await deliver(c.url, rotated.secret)).status).toBe(200);
    const listed = (await callerFor(tenant.owner).webhooks.listConnections()).find(
      (x) => x.id === c.id,
    );
    expect(listed?.previousSecretActive).toBe(false);
  });

  it('rotation with no grace retires the old secret at once; a second rotation drops the oldest', async () => {
    const tenant = await createTenant('wh-rotate0');
    const c = await createConnection(tenant, 'stripe');
    const first = await callerFor(tenant.owner).webhooks.rotateSecret({
      id: c.id,
      graceMinutes: 0,
    });
    expect((await deliver(c.url, c.secret)).status).toBe(401);
    const second = await callerFor(tenant.owner).webhooks.rotateSecret({
      id: c.id,
      graceMinutes: 30,
    });
    expect((await deliver(c.url, first.secret)).status).toBe(200);
    expect((await deliver(c.url, second.secret)).status).toBe(200);
    expect((await deliver(c.url, c.secret)).status).toBe(401);
  });

  it('only admins manage connections', async () => {
    const tenant = await createTenant('wh-staff');
    const staff = await addPerson(tenant, 'STAFF');
    expect(
      await codeOf(callerFor(staff).webhooks.createConnection({ provider: 'stripe', label: 'x' })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(staff).webhooks.listEvents({}))).toBe('FORBIDDEN');
  });

  it('bad input is a 400 with field errors and writes nothing', async () => {
    const tenant = await createTenant('wh-bad');
    const error = await callerFor(tenant.owner)
      .webhooks.createConnection({ provider: 'paypal' as 'stripe', label: ' ' })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(
      await ownerQuery('SELECT 1 FROM webhook_connections WHERE tenant_id = $1', [tenant.tenantId]),
    ).toEqual([]);
  });
});

describe('across tenants', () => {
  it('tenant B cannot list, rotate, open or replay tenant A’s connections and events (NOT_FOUND)', async () => {
    const a = await createTenant('wh-iso-a');
    const b = await createTenant('wh-iso-b');
    const c = await createConnection(a, 'stripe');
    expect((await deliver(c.url, c.secret)).status).toBe(200);
    const [event] = await ownerQuery<{ id: string }>(
      'SELECT id FROM webhook_events WHERE connection_id = $1',
      [c.id],
    );
    const asB = callerFor(b.owner);
    expect((await asB.webhooks.listConnections()).map((x) => x.id)).not.toContain(c.id);
    expect(await codeOf(asB.webhooks.rotateSecret({ id: c.id }))).toBe('NOT_FOUND');
    expect((await asB.webhooks.listEvents({})).items).toEqual([]);
    expect(await codeOf(asB.webhooks.getEvent({ id: event!.id }))).toBe('NOT_FOUND');
    expect(await codeOf(asB.webhooks.replayEvent({ id: event!.id }))).toBe('NOT_FOUND');
    // A's secret is unchanged: its deliveries still verify.
    expect((await deliver(c.url, c.secret)).status).toBe(200);
  });

  it('the same provider event id delivered to two tenants is stored for each', async () => {
    const a = await createTenant('wh-same-a');
    const b = await createTenant('wh-same-b');
    const ca = await createConnection(a, 'stripe');
    const cb = await createConnection(b, 'stripe');
    const body = stripeSimulator.sampleBody(uniqueId());
    expect(
      (await send('stripe', stripeSimulator.sign({ url: ca.url, body, secret: ca.secret }))).status,
    ).toBe(200);
    expect(
      (await send('stripe', stripeSimulator.sign({ url: cb.url, body, secret: cb.secret }))).status,
    ).toBe(200);
    const rows = await ownerQuery<{ tenant_id: string }>(
      'SELECT tenant_id FROM webhook_events WHERE connection_id IN ($1, $2)',
      [ca.id, cb.id],
    );
    expect(rows.map((r) => r.tenant_id).sort()).toEqual([a.tenantId, b.tenantId].sort());
  });
});
