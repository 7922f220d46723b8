// The webhook archive as operators see it: search, open one (PII masked), replay.
import type { Tx } from '../../db/tx';
import type { Principal } from '../auth/principal';
import type { ProviderName } from '../../providers/types';
import type { WebhookEventStatus } from '../../db/generated/enums';
import { enqueue } from '../../jobs/enqueue';
import { redactText, redactValue } from '@/lib/redact';
import { ConflictError, NotFoundError } from '../errors';
import { recordAudit } from '../audit/record';
import { webhookJobKey } from './job-key';

export type WebhookEventFilter = {
  provider?: ProviderName;
  status?: WebhookEventStatus;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
};

export async function listWebhookEvents(tx: Tx, filter: WebhookEventFilter) {
  const rows = await tx.webhookEvent.findMany({
    where: {
      provider: filter.provider,
      status: filter.status,
      receivedAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
    },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      provider: true,
      eventId: true,
      eventType: true,
      status: true,
      rejectReason: true,
      attempts: true,
      receivedAt: true,
      processedAt: true,
      connection: { select: { label: true } },
    },
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: page,
    nextCursor: rows.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

const MAX_RAW_SHOWN = 64 * 1024;

/** Archived headers are a flat string map (written by the ingest pipeline); typed as such for the client. */
function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

export async function getWebhookEvent(tx: Tx, id: string) {
  const row = await tx.webhookEvent.findUnique({
    where: { id },
    select: {
      id: true,
      provider: true,
      eventId: true,
      eventType: true,
      status: true,
      rejectReason: true,
      attempts: true,
      lastError: true,
      receivedAt: true,
      processedAt: true,
      headers: true,
      payload: true,
      rawBody: true,
      connection: { select: { id: true, label: true, publicId: true } },
    },
  });
  if (!row) throw new NotFoundError('webhook event not found');
  // Payloads carry phone numbers, names and message text: operators see them masked.
  return {
    ...row,
    headers: stringRecord(row.headers),
    payload: redactValue(row.payload),
    rawBody: row.rawBody === null ? null : redactText(row.rawBody.slice(0, MAX_RAW_SHOWN)),
    lastError: row.lastError === null ? null : redactText(row.lastError),
  };
}

/**
 * Re-runs the processing of a stored event under its own job key. 'replace' resets a failed or
 * pending job rather than adding a second one; processing is idempotent, so replaying an event
 * that was already applied changes nothing.
 */
export async function replayWebhookEvent(tx: Tx, actor: Principal, id: string) {
  const row = await tx.webhookEvent.findUnique({
    where: { id },
    select: { id: true, tenantId: true, provider: true, eventId: true, status: true },
  });
  if (!row) throw new NotFoundError('webhook event not found');
  if (row.status === 'REJECTED' || row.eventId === null)
    throw new ConflictError(
      'a rejected delivery has no event to process; ask the provider to resend it',
    );
  await enqueue(
    tx,
    'webhooks.process',
    { tenantId: row.tenantId, webhookEventId: row.id },
    { jobKey: webhookJobKey(row.provider, row.tenantId, row.eventId), jobKeyMode: 'replace' },
  );
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'webhook.replayed',
    subject: `webhook_event:${row.id}`,
    detail: { provider: row.provider, eventId: row.eventId, status: row.status },
  });
  return { id: row.id, queued: true as const, status: row.status };
}
