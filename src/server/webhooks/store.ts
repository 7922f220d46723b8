// The ingest transaction, on a raw pool connection rather than a Prisma interactive transaction:
// it is the hottest write path in the product and needs five round trips, no more (BEGIN + role,
// connection lookup, tenant scope, insert+enqueue, COMMIT). Scoping is exactly tx.ts's: the
// lookup runs as switchboard_system (the tenant is what it finds), the writes as the app role
// with app.tenant_id set, so RLS checks every row written. Enqueueing goes through
// app_add_job in the same statement as the insert, so a duplicate adds no job and a rollback
// enqueues nothing.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { getPool } from '../db/client';
import { SYSTEM_ROLE } from '../db/roles';
import { taskDefinitions, type TaskPayload } from '../jobs/definitions';
import type { ProviderName } from '../providers/types';

export type ConnectionRow = {
  id: string;
  tenantId: string;
  publicId: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  verifyTokenHash: string | null;
};

export async function withIngestTx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  let broken = false;
  try {
    // Simple-protocol multi-statement: one round trip for both.
    await client.query(`BEGIN; SET LOCAL ROLE ${SYSTEM_ROLE}`);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: destroy it, never reuse it.
    client.release(broken);
  }
}

export async function findConnection(client: pg.PoolClient, provider: ProviderName, publicId: string): Promise<ConnectionRow | null> {
  const { rows } = await client.query<ConnectionRow>(
    `SELECT id, tenant_id AS "tenantId", public_id AS "publicId", secret_ciphertext AS "secretCiphertext",
            previous_secret_ciphertext AS "previousSecretCiphertext", previous_secret_expires_at AS "previousSecretExpiresAt",
            verify_token_hash AS "verifyTokenHash"
       FROM webhook_connections WHERE public_id = $1 AND provider = $2::"WebhookProvider"`,
    [publicId, provider],
  );
  return rows[0] ?? null;
}

/** Leaves the system role and scopes the rest of the transaction to the connection's tenant. */
export async function enterTenantScope(client: pg.PoolClient, tenantId: string): Promise<void> {
  await client.query(`SELECT set_config('role', 'none', true), set_config('app.tenant_id', $1, true)`, [tenantId]);
}

export type EventInput = {
  tenantId: string;
  connectionId: string;
  provider: ProviderName;
  eventId: string;
  eventType: string;
  headers: Record<string, string>;
  payload: unknown;
  jobKey: string;
  requestId: string | undefined;
};

/** Inserts the event and enqueues its processing in one statement; null when it was already stored. */
export async function storeEvent(client: pg.PoolClient, input: EventInput): Promise<{ id: string } | null> {
  const id = randomUUID();
  const definition = taskDefinitions['webhooks.process'];
  const jobPayload: TaskPayload<'webhooks.process'> = { tenantId: input.tenantId, webhookEventId: id };
  definition.schema.parse(jobPayload);
  const { rows } = await client.query<{ id: string }>(
    `WITH inserted AS (
       INSERT INTO webhook_events (id, tenant_id, connection_id, provider, event_id, event_type, status, headers, payload)
       VALUES ($1, $2, $3, $4::"WebhookProvider", $5, $6, 'RECEIVED', $7::jsonb, $8::jsonb)
       ON CONFLICT (tenant_id, provider, event_id) DO NOTHING
       RETURNING id
     )
     SELECT inserted.id, app_add_job('webhooks.process', $9::json, NULL, NULL, $10::int, $11::text, NULL, 'unsafe_dedupe') AS job_id
       FROM inserted`,
    [
      id,
      input.tenantId,
      input.connectionId,
      input.provider,
      input.eventId,
      input.eventType,
      jsonText(input.headers),
      jsonText(input.payload),
      JSON.stringify({ ...jobPayload, _meta: { requestId: input.requestId } }),
      definition.maxAttempts,
      input.jobKey,
    ],
  );
  return rows[0] ? { id: rows[0].id } : null;
}

export type RejectedInput = {
  tenantId: string;
  connectionId: string;
  provider: ProviderName;
  headers: Record<string, string>;
  rawBody: string;
  reason: string;
};

/** An authentic delivery that could not be parsed: kept for an operator to inspect, never processed. */
export async function storeRejected(client: pg.PoolClient, input: RejectedInput): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO webhook_events (id, tenant_id, connection_id, provider, status, headers, raw_body, reject_reason)
     VALUES ($1, $2, $3, $4::"WebhookProvider", 'REJECTED', $5::jsonb, $6, $7)`,
    [id, input.tenantId, input.connectionId, input.provider, jsonText(input.headers), withoutNul(input.rawBody), withoutNul(input.reason).slice(0, 2000)],
  );
  return id;
}

// Postgres text and jsonb cannot hold U+0000; a signed payload containing one is still stored.
const withoutNul = (text: string) => text.replaceAll('\u0000', '\uFFFD');

function jsonText(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.includes('\\u0000') ? JSON.stringify(replaceNul(value)) : text;
}

function replaceNul(value: unknown): unknown {
  if (typeof value === 'string') return withoutNul(value);
  if (Array.isArray(value)) return value.map(replaceNul);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), replaceNul(v)]));
  }
  return value;
}
