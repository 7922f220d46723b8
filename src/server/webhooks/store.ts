// The ingest writes, as autocommit statements on the pool (no explicit transaction): the
// connection lookup (skipped when connection-cache.ts has the connection) and the store. Each
// round trip and each commit costs both processes CPU, and on the bench's two shared cores those,
// not the SQL, were most of a delivery's cost. Both are database functions:
// - app_webhook_connection (20261121140000_webhook_fast_path) runs as switchboard_system
//   (SECURITY DEFINER, owned by it), so it finds the connection across tenants exactly as
//   withSystemTx did, and returns only that row;
// - app_store_webhook_events (20261122090000_webhook_store_groups; its second dedupe key, the
//   signed key, 20261204150000_webhook_signed_key) runs as the app role (SECURITY INVOKER): it
//   scopes its own implicit transaction to the tenant, inserts the events
//   (RLS checks the rows) and enqueues a job for each row it inserted, through the owner-run
//   app_add_jobs: inserts + enqueues commit together, a duplicate adds no job, an error enqueues
//   nothing. It first re-checks that the secret which verified each delivery is still valid for
//   its connection, so a cached connection can never let a rotated-out secret or a deleted
//   connection store anything.
import { randomUUID } from 'node:crypto';
import { getPool } from '../db/client';
import { withTenantTx } from '../db/tx';
import { taskDefinitions, type TaskPayload } from '../jobs/definitions';
import type { ProviderName } from '../providers/types';
import { toWellFormed } from '@/lib/schemas/common';

export type ConnectionRow = {
  id: string;
  tenantId: string;
  publicId: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  verifyTokenHash: string | null;
};

export async function findConnection(
  provider: ProviderName,
  publicId: string,
): Promise<ConnectionRow | null> {
  const { rows } = await getPool().query<ConnectionRow>(
    `SELECT id, tenant_id AS "tenantId", public_id AS "publicId", secret_ciphertext AS "secretCiphertext",
            previous_secret_ciphertext AS "previousSecretCiphertext", previous_secret_expires_at AS "previousSecretExpiresAt",
            verify_token_hash AS "verifyTokenHash"
       FROM app_webhook_connection($1, $2::"WebhookProvider")`,
    [publicId, provider],
  );
  return rows[0] ?? null;
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
  /** the ciphertext of the secret that verified the delivery: re-checked against the row as it stores */
  secretCiphertext: string;
  /** the provider's key over the signed bytes (ParsedEvent.signedKey): a second dedupe key */
  signedKey?: string | null;
};

export type StoreOutcome =
  { outcome: 'stored'; id: string } | { outcome: 'duplicate' } | { outcome: 'stale' };

/**
 * Inserts the events of ONE tenant and enqueues their processing in one statement (one
 * transaction). Per event, by position: 'stored' with its new id; 'duplicate' when the tenant
 * already has the event (its event id, or its signed key), or an earlier event of the same call
 * is the same one (no second job);
 * 'stale' when the connection or the verifying secret is no longer valid (nothing written; look
 * the connection up again). Any error rolls back the whole call. Callers group concurrent
 * deliveries through store-groups.ts.
 */
export async function storeEvents(
  tenantId: string,
  inputs: readonly EventInput[],
): Promise<StoreOutcome[]> {
  if (inputs.length === 0) return [];
  if (inputs.some((input) => input.tenantId !== tenantId))
    throw new Error('storeEvents: every event must belong to the one tenant');
  const definition = taskDefinitions['webhooks.process'];
  const ids = inputs.map(() => randomUUID());
  const jobPayloads = inputs.map((input, i) => {
    const payload: TaskPayload<'webhooks.process'> = { tenantId, webhookEventId: ids[i]! };
    definition.schema.parse(payload);
    return JSON.stringify({ ...payload, _meta: { requestId: input.requestId } });
  });
  const { rows } = await getPool().query<{ ord: number; outcome: string; id: string | null }>(
    `SELECT o_ord AS ord, o_outcome AS outcome, o_id AS id
       FROM app_store_webhook_events($1, $2::uuid[], $3::uuid[], $4::"WebhookProvider"[], $5::text[], $6::text[],
                                     $7::jsonb[], $8::jsonb[], $9::json[], $10::int, $11::text[], $12::text[],
                                     $13::text[])`,
    [
      tenantId,
      ids,
      inputs.map((input) => input.connectionId),
      inputs.map((input) => input.provider),
      inputs.map((input) => input.eventId),
      inputs.map((input) => storable(input.eventType)),
      inputs.map((input) => jsonText(input.headers)),
      inputs.map((input) => jsonText(input.payload)),
      jobPayloads,
      definition.maxAttempts,
      inputs.map((input) => input.jobKey),
      inputs.map((input) => input.secretCiphertext),
      inputs.map((input) => input.signedKey ?? null),
    ],
  );
  if (rows.length !== inputs.length)
    throw new Error(
      `app_store_webhook_events answered ${rows.length} rows for ${inputs.length} events`,
    );
  return rows.map((row, i): StoreOutcome => {
    if (row.ord !== i + 1)
      throw new Error(`app_store_webhook_events answered out of order (${row.ord} at ${i + 1})`);
    if (row.outcome === 'stored' && row.id) return { outcome: 'stored', id: row.id };
    if (row.outcome === 'duplicate') return { outcome: 'duplicate' };
    if (row.outcome === 'stale') return { outcome: 'stale' };
    throw new Error(
      `app_store_webhook_events returned an unexpected outcome: ${String(row.outcome)}`,
    );
  });
}

export type RejectedInput = {
  tenantId: string;
  connectionId: string;
  provider: ProviderName;
  headers: Record<string, string>;
  rawBody: string;
  reason: string;
};

/** An authentic delivery that could not be parsed: kept for an operator to inspect, never processed.
 * Rare, so it takes the ordinary tenant transaction (RLS checks the row). */
export async function storeRejected(input: RejectedInput): Promise<string> {
  const id = randomUUID();
  await withTenantTx(input.tenantId, (tx) =>
    tx.$executeRawUnsafe(
      `INSERT INTO webhook_events (id, tenant_id, connection_id, provider, status, headers, raw_body, reject_reason)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::"WebhookProvider", 'REJECTED', $5::jsonb, $6, $7)`,
      id,
      input.tenantId,
      input.connectionId,
      input.provider,
      jsonText(input.headers),
      storable(input.rawBody),
      storable(input.reason).slice(0, 2000),
    ),
  );
  return id;
}

// What Postgres text and jsonb cannot hold: U+0000, and (jsonb) the JSON escape of a lone UTF-16
// surrogate. A signed payload carrying either is still stored, with U+FFFD in their place; this is
// the one place webhook text is made storable (toWellFormed says why lone surrogates are replaced).
const storable = (text: string) => toWellFormed(text).replaceAll('\u0000', '\uFFFD');

/** How JSON.stringify writes a NUL or a lone surrogate (a surrogate pair it writes as itself). */
const UNSTORABLE_ESCAPE = /\\u0000|\\ud[89a-f]/i;

// Payloads reach here with their nesting bounded (ingest.ts), so neither walk can overflow.
function jsonText(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return UNSTORABLE_ESCAPE.test(text) ? JSON.stringify(storableJson(value ?? null)) : text;
}

function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storable(k), storableJson(v)]),
    );
  }
  return value;
}
