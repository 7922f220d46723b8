// The ingest fast path (migrations 20261121140000_webhook_fast_path, 20261122090000_webhook_store_groups):
// the connection lookup and the store+enqueue are one autocommit statement each, the store for a
// group of a tenant's concurrent deliveries. These tests pin what makes that safe: who the
// functions run as, who may call them, that the store is all-or-nothing, that RLS still checks
// the rows, that every delivery of a group gets its own outcome, and that no tenant scope
// survives on a pooled connection.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPool } from '../../src/server/db/client';
import { findConnection, type StoreOutcome } from '../../src/server/webhooks/store';
import { storeEvent } from '../../src/server/webhooks/store-groups';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { createConnection, jobsOf } from './helpers';

type FunctionMeta = {
  proname: string;
  owner: string;
  secdef: boolean;
  config: string[] | null;
  public_exec: boolean;
  app_exec: boolean;
};

async function functionMeta(name: string): Promise<FunctionMeta> {
  const [row] = await ownerQuery<FunctionMeta>(
    `SELECT p.proname, pg_get_userbyid(p.proowner) AS owner, p.prosecdef AS secdef, p.proconfig AS config,
            has_function_privilege('public', p.oid, 'EXECUTE') AS public_exec,
            has_function_privilege('switchboard_app', p.oid, 'EXECUTE') AS app_exec
       FROM pg_proc p WHERE p.proname = $1`,
    [name],
  );
  if (!row) throw new Error(`function ${name} is missing`);
  return row;
}

const eventInput = (
  tenantId: string,
  connectionId: string,
  secretCiphertext: string,
  eventId = `evt_${randomUUID()}`,
) => ({
  tenantId,
  connectionId,
  provider: 'stripe' as const,
  eventId,
  eventType: 'checkout.session.completed',
  headers: { 'content-type': 'application/json' },
  payload: { id: eventId },
  jobKey: `stripe:${tenantId}:${eventId}`,
  requestId: undefined,
  secretCiphertext,
});

/** The sealed secrets as stored (what the ingest verified with). */
async function sealed(connectionId: string) {
  const [row] = await ownerQuery<{ current: string; previous: string | null }>(
    'SELECT secret_ciphertext AS current, previous_secret_ciphertext AS previous FROM webhook_connections WHERE id = $1',
    [connectionId],
  );
  return row!;
}

const storedId = (outcome: StoreOutcome) => (outcome.outcome === 'stored' ? outcome.id : null);

describe('webhook fast path', () => {
  it('the lookup runs as switchboard_system with a pinned search_path; only the app role may call it', async () => {
    const meta = await functionMeta('app_webhook_connection');
    expect(meta).toMatchObject({
      owner: 'switchboard_system',
      secdef: true,
      public_exec: false,
      app_exec: true,
    });
    expect(meta.config).toEqual(['search_path=pg_catalog, public, pg_temp']);
  });

  it('the store runs as its caller (RLS applies) with a pinned search_path; only the app role may call it', async () => {
    const meta = await functionMeta('app_store_webhook_events');
    expect(meta).toMatchObject({ secdef: false, public_exec: false, app_exec: true });
    expect(meta.config).toEqual(['search_path=pg_catalog, public, pg_temp']);
    // the single-delivery store it replaced is gone
    expect(
      await ownerQuery(`SELECT 1 FROM pg_proc WHERE proname = 'app_store_webhook_event'`),
    ).toHaveLength(0);
  });

  it('the group enqueue runs as the owner (graphile-worker tables are owner-only) with a pinned search_path', async () => {
    const meta = await functionMeta('app_add_jobs');
    const [owner] = await ownerQuery<{ owner: string }>(
      `SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'app_add_job'`,
    );
    expect(meta).toMatchObject({
      owner: owner!.owner,
      secdef: true,
      public_exec: false,
      app_exec: true,
    });
    expect(meta.config).toEqual(['search_path=pg_catalog, pg_temp']);
  });

  it('the app role finds a connection across tenants through the lookup, and through nothing else', async () => {
    const tenant = await createTenant('wh-fast-lookup');
    const c = await createConnection(tenant, 'stripe');
    const found = await findConnection('stripe', c.publicId);
    expect(found).toMatchObject({ id: c.id, tenantId: tenant.tenantId, publicId: c.publicId });
    expect(found!.secretCiphertext).toMatch(/^v1\./);
    // the provider is part of the key: the same public id under another provider is nobody
    expect(await findConnection('shopify', c.publicId)).toBeNull();
    // outside the function, forced RLS with no tenant scope shows the app role nothing
    const direct = await getPool().query(
      'SELECT id FROM webhook_connections WHERE public_id = $1',
      [c.publicId],
    );
    expect(direct.rows).toEqual([]);
  });

  it('stores once and enqueues once; a duplicate stores and enqueues nothing', async () => {
    const tenant = await createTenant('wh-fast-store');
    const c = await createConnection(tenant, 'stripe');
    const input = eventInput(tenant.tenantId, c.id, (await sealed(c.id)).current);
    const first = storedId(await storeEvent(input));
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storeEvent(input)).toEqual({ outcome: 'duplicate' });
    const jobs = await jobsOf(tenant.tenantId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      key: input.jobKey,
      payload: { tenantId: tenant.tenantId, webhookEventId: first },
    });
  });

  it('is all-or-nothing: an insert that fails enqueues nothing', async () => {
    const tenant = await createTenant('wh-fast-atomic');
    const c = await createConnection(tenant, 'stripe');
    // an event id past the column's CHECK: the insert fails inside the one statement
    await expect(
      storeEvent(
        eventInput(tenant.tenantId, c.id, (await sealed(c.id)).current, `evt_${'x'.repeat(300)}`),
      ),
    ).rejects.toThrow(/webhook_events_event_id_length/);
    expect(await jobsOf(tenant.tenantId)).toEqual([]);
    expect(
      await ownerQuery('SELECT 1 FROM webhook_events WHERE tenant_id = $1', [tenant.tenantId]),
    ).toHaveLength(0);
  });

  it('writes nothing for a tenant that does not own the connection (RLS decides), or an unknown connection', async () => {
    const a = await createTenant('wh-fast-rls-a');
    const b = await createTenant('wh-fast-rls-b');
    const c = await createConnection(a, 'stripe');
    const secret = (await sealed(c.id)).current;
    expect(await storeEvent(eventInput(b.tenantId, c.id, secret))).toEqual({ outcome: 'stale' });
    expect(await storeEvent(eventInput(b.tenantId, randomUUID(), secret))).toEqual({
      outcome: 'stale',
    });
    expect(await jobsOf(b.tenantId)).toEqual([]);
    expect(
      await ownerQuery('SELECT 1 FROM webhook_events WHERE tenant_id = $1', [b.tenantId]),
    ).toHaveLength(0);
    const stored = storedId(await storeEvent(eventInput(a.tenantId, c.id, secret)));
    const [row] = await ownerQuery<{ tenant_id: string }>(
      'SELECT tenant_id FROM webhook_events WHERE id = $1',
      [stored],
    );
    expect(row!.tenant_id).toBe(a.tenantId);
  });

  it('re-checks the verifying secret as it stores: current yes, previous only within its grace, anything else never', async () => {
    const tenant = await createTenant('wh-fast-secret');
    const c = await createConnection(tenant, 'stripe');
    const original = (await sealed(c.id)).current;
    await callerFor(tenant.owner).webhooks.rotateSecret({ id: c.id, graceMinutes: 60 });
    const rotated = await sealed(c.id);
    expect(rotated.previous).toBe(original);
    expect((await storeEvent(eventInput(tenant.tenantId, c.id, rotated.current))).outcome).toBe(
      'stored',
    );
    expect((await storeEvent(eventInput(tenant.tenantId, c.id, original))).outcome).toBe('stored');
    expect(await storeEvent(eventInput(tenant.tenantId, c.id, 'v1.not.a.secret'))).toEqual({
      outcome: 'stale',
    });
    // the grace period ends: the previous secret stores nothing any more
    await ownerQuery(
      `UPDATE webhook_connections SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [c.id],
    );
    expect(await storeEvent(eventInput(tenant.tenantId, c.id, original))).toEqual({
      outcome: 'stale',
    });
    expect(await jobsOf(tenant.tenantId)).toHaveLength(2);
  });

  it('leaves no tenant scope behind on the pooled connection', async () => {
    const tenant = await createTenant('wh-fast-scope');
    const c = await createConnection(tenant, 'stripe');
    const client = await getPool().connect();
    try {
      const id = randomUUID();
      const { rows: stored } = await client.query<{ o_outcome: string }>(
        `SELECT * FROM app_store_webhook_events($1, ARRAY[$2]::uuid[], ARRAY[$3]::uuid[], '{stripe}', ARRAY[$4], '{t}', '{"{}"}', '{"{}"}', ARRAY[$5]::json[], 3, ARRAY[$6], ARRAY[$7])`,
        [
          tenant.tenantId,
          id,
          c.id,
          `evt_${randomUUID()}`,
          JSON.stringify({ tenantId: tenant.tenantId, webhookEventId: id }),
          `stripe:${tenant.tenantId}:${randomUUID()}`,
          (await sealed(c.id)).current,
        ],
      );
      expect(stored.map((r) => r.o_outcome)).toEqual(['stored']);
      const { rows } = await client.query<{ tenant: string | null }>(
        `SELECT app_current_tenant()::text AS tenant`,
      );
      expect(rows[0]!.tenant).toBeNull();
      const visible = await client.query('SELECT 1 FROM webhook_events');
      expect(visible.rows).toEqual([]);
    } finally {
      client.release();
    }
  });
});
