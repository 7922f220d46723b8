// The one ingest pipeline every provider route hands its Request to:
//   rate limit ▸ body cap ▸ resolve connection ▸ verify signature (+ replay window) ▸ parse
//   ▸ ONE transaction: insert the event (unique per tenant+provider+event id) + enqueue its job
//   ▸ 2xx. No provider call and no domain work happen before the answer; the job does the rest.
import type { InboundDelivery, ProviderName, RejectReason } from '../providers/types';
import { webhookProviders } from '../providers/registry';
import { activeSecrets } from '../domain/webhooks/connection-secrets';
import { webhookJobKey } from '../domain/webhooks/job-key';
import { getMetrics } from '../obs/metrics';
import { logger } from '../obs/logger';
import { getRequestContext } from '../obs/request-context';
import { readBodyCapped } from './read-body';
import { acknowledgement, rejection } from './responses';
import { logRejection } from './sampled-log';
import { webhookClientIp } from './client-ip';
import { consumeWebhookRateLimit } from './rate-limit';
import { enterTenantScope, findConnection, storeEvent, storeRejected, withIngestTx } from './store';

/** Public ids are minted as whc_ + base64url; anything else cannot exist, so no query is spent on it. */
const PUBLIC_ID = /^whc_[A-Za-z0-9_-]{20,64}$/;
/** Event ids become part of a job key and an index entry: printable ASCII, bounded. */
const EVENT_ID = /^[\x21-\x7E]{1,255}$/;

export async function ingestWebhook(provider: ProviderName, connectionId: string, request: Request): Promise<Response> {
  const metrics = getMetrics();
  metrics.webhooksReceived.inc({ provider });
  const reject = (reason: RejectReason, detail: string, headers?: Record<string, string>) => {
    metrics.webhooksRejected.inc({ provider, reason });
    logRejection(provider, reason, { detail, connection: connectionId.slice(0, 12) });
    return rejection(reason, detail, headers);
  };

  const limit = await consumeWebhookRateLimit(provider, webhookClientIp(request.headers));
  if (!limit.allowed) {
    return reject('rate_limited', `too many deliveries from this address, retry in ${limit.retryAfterSeconds} s`, { 'retry-after': String(limit.retryAfterSeconds) });
  }
  const read = await readBodyCapped(request);
  if (!read.ok) return reject('too_large', 'body exceeds 1 MiB');
  if (!PUBLIC_ID.test(connectionId)) return reject('unknown_connection', 'no such webhook connection');

  const implementation = webhookProviders[provider];
  const delivery: InboundDelivery = { method: request.method, url: request.url, headers: request.headers, body: read.body, text: read.body.toString('utf8') };
  const now = new Date();

  return withIngestTx(async (client) => {
    const connection = await findConnection(client, provider, connectionId);
    if (!connection) return reject('unknown_connection', 'no such webhook connection');

    const verified = implementation.verify(delivery, { secrets: activeSecrets(connection, now), now });
    if (!verified.ok) return reject(verified.reason, verified.detail);

    const headers = archivedHeaders(request.headers, implementation.archivedHeaders);
    const parsed = implementation.parse(delivery);
    const eventIdProblem = parsed.ok && !EVENT_ID.test(parsed.event.eventId) ? 'event id must be 1-255 printable ASCII characters' : null;
    await enterTenantScope(client, connection.tenantId);
    if (!parsed.ok || eventIdProblem) {
      const detail = parsed.ok ? (eventIdProblem ?? '') : parsed.detail;
      // Authentic but unusable: kept (REJECTED) for inspection, never processed.
      await storeRejected(client, { tenantId: connection.tenantId, connectionId: connection.id, provider, headers, rawBody: delivery.text, reason: detail });
      return reject('malformed_payload', detail);
    }

    const { event } = parsed;
    const stored = await storeEvent(client, {
      tenantId: connection.tenantId,
      connectionId: connection.id,
      provider,
      eventId: event.eventId,
      eventType: event.eventType,
      headers: { ...headers, ...prefixed(event.meta) },
      payload: event.payload,
      jobKey: webhookJobKey(provider, connection.tenantId, event.eventId),
      requestId: getRequestContext()?.requestId,
    });
    if (!stored) metrics.webhooksDeduplicated.inc({ provider });
    if (verified.secretIndex > 0) logger.info({ provider, connection: connection.id }, 'webhook verified with the previous secret (rotation grace period)');
    return acknowledgement(implementation.acknowledge?.(event), !stored);
  });
}

function archivedHeaders(headers: Headers, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) out[name] = value.slice(0, 500);
  }
  return out;
}

const prefixed = (meta: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(meta ?? {}).map(([k, v]) => [`meta.${k}`, v.slice(0, 500)]));
