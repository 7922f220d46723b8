// Applying one stored webhook event, idempotent by construction: the event row is locked, a
// PROCESSED row is left alone, and the handler's effects and the PROCESSED mark commit together.
import type { Tx } from '../../db/tx';
import type { ProviderName } from '../../providers/types';
import { webhookProviders } from '../../providers/registry';
import { webhookHandlers, type StoredWebhookEvent } from './handlers';

export type ApplyOutcome = 'applied' | 'already-processed' | 'rejected' | 'missing';

type LockedRow = {
  id: string;
  tenant_id: string;
  provider: ProviderName;
  event_id: string | null;
  event_type: string | null;
  status: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
};

/** The provider's `meta` ids, stored among the archived headers as meta.<name> (see ingest.ts). */
function metaOf(headers: Record<string, unknown> | null): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {}))
    if (k.startsWith('meta.') && typeof v === 'string') meta[k.slice(5)] = v;
  return meta;
}

/** The stored payload read back as the provider's typed event, handed to that provider's handler. */
function handle<P extends ProviderName>(
  tx: Tx,
  provider: P,
  payload: unknown,
  stored: Omit<StoredWebhookEvent, 'event'>,
): Promise<void> {
  const event = webhookProviders[provider].readEvent(payload);
  return webhookHandlers[provider](tx, { ...stored, event });
}

export async function applyWebhookEvent(tx: Tx, webhookEventId: string): Promise<ApplyOutcome> {
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT id, tenant_id, provider::text AS provider, event_id, event_type, status::text AS status, payload, headers
      FROM webhook_events WHERE id = ${webhookEventId}::uuid FOR UPDATE`;
  const row = rows[0];
  // Under RLS a row of another tenant is as missing as a deleted one: nothing to do, no retry.
  if (!row) return 'missing';
  if (row.status === 'PROCESSED') return 'already-processed';
  if (row.status === 'REJECTED' || row.event_id === null) return 'rejected';
  await handle(tx, row.provider, row.payload, {
    id: row.id,
    tenantId: row.tenant_id,
    provider: row.provider,
    eventId: row.event_id,
    eventType: row.event_type,
    meta: metaOf(row.headers),
  });
  await tx.webhookEvent.update({
    where: { id: row.id },
    data: {
      status: 'PROCESSED',
      processedAt: new Date(),
      attempts: { increment: 1 },
      lastError: null,
    },
  });
  return 'applied';
}

/** After a failed attempt (its transaction rolled back): count it and keep the error for the archive. */
export async function recordWebhookFailure(
  tx: Tx,
  webhookEventId: string,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await tx.webhookEvent.updateMany({
    where: { id: webhookEventId, status: { in: ['RECEIVED', 'FAILED'] } },
    data: { status: 'FAILED', attempts: { increment: 1 }, lastError: message.slice(0, 2000) },
  });
}
