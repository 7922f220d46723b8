// The one ingest pipeline every provider route hands its Request to:
//   address block ▸ body cap ▸ resolve connection ▸ verify signature (+ replay window)
//   ▸ connection limit ▸ nesting bound ▸ parse (refusals before the signature held count against
//   the address)
//   ▸ ONE statement (its own transaction): insert the event (unique per tenant+provider+event id,
//     and per signed key where the provider gives one) + enqueue its job, grouped with the
//     tenant's concurrent deliveries (store-groups.ts) ▸ 2xx.
//   No provider call and no domain work happen before the answer; the job does the rest — except
//   a Twilio voice step, whose TwiML the caller is waiting for (voice-answer.ts). One database round trip per delivery when this process has the
//   connection cached, two otherwise (store.ts and connection-cache.ts say why and why it is safe).
import type {
  InboundDelivery,
  ParseOutcome,
  ProviderName,
  RejectReason,
  WebhookProvider,
} from '../providers/types';
import { webhookProviders } from '../providers/registry';
import { activeOpenedSecrets } from '../domain/connections/secrets';
import { webhookJobKey } from '../domain/webhooks/job-key';
import { getMetrics } from '../obs/metrics';
import { logger } from '../obs/logger';
import { getRequestContext } from '../obs/request-context';
import { readBodyCapped } from './read-body';
import { acknowledgement, NO_SUCH_CONNECTION, rejection } from './responses';
import { logRejection } from './sampled-log';
import { clientIp } from '@/lib/http/client-ip';
import { isJsonTextTooDeep, MAX_JSON_DEPTH } from '@/lib/json/bounds';
import {
  addressBlockedFor,
  consumeConnectionRateLimit,
  countUnverifiedDelivery,
} from './rate-limit';
import { storeRejected } from './store';
import { storeEvent } from './store-groups';
import { voiceAnswer } from './voice-answer';
import { cachedConnection, loadConnection, type ResolvedConnection } from './connection-cache';

/** Public ids are minted as whc_ + base64url; anything else cannot exist, so no query is spent on it. */
const PUBLIC_ID = /^whc_[A-Za-z0-9_-]{20,64}$/;
/** Event ids become part of a job key and an index entry: printable ASCII, bounded. */
const EVENT_ID = /^[\x21-\x7E]{1,255}$/;

export async function ingestWebhook(
  provider: ProviderName,
  connectionId: string,
  request: Request,
): Promise<Response> {
  const metrics = getMetrics();
  metrics.webhooksReceived.inc({ provider });
  const reject = (reason: RejectReason, detail: string, headers?: Record<string, string>) => {
    metrics.webhooksRejected.inc({ provider, reason });
    logRejection(provider, reason, { detail, connection: connectionId.slice(0, 12) });
    const own = webhookProviders[provider].refusal?.(reason, request.url);
    return own ? acknowledgement(own, false) : rejection(reason, detail, headers);
  };

  const address = clientIp(request.headers);
  const limited = (retryAfterSeconds: number, what: string) =>
    reject('rate_limited', `too many ${what}, retry in ${retryAfterSeconds} s`, {
      'retry-after': String(retryAfterSeconds),
    });
  const blockedFor = addressBlockedFor(provider, address);
  if (blockedFor > 0) return limited(blockedFor, 'refused deliveries from this address');
  /** A refusal before the signature held: it counts against the sender's address. */
  const refuse = async (reason: RejectReason, detail: string) => {
    await countUnverifiedDelivery(provider, address);
    return reject(reason, detail);
  };

  const read = await readBodyCapped(request);
  if (!read.ok) return refuse('too_large', 'body exceeds 1 MiB');
  if (!PUBLIC_ID.test(connectionId)) return refuse('unknown_connection', NO_SUCH_CONNECTION);

  // Seen through the untyped interface: the pipeline stores payloads and never reads events.
  const implementation: WebhookProvider = webhookProviders[provider];
  const delivery: InboundDelivery = {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: read.body,
    text: read.body.toString('utf8'),
  };
  const now = new Date();

  let verified = await resolveAndVerify(
    implementation,
    provider,
    connectionId,
    delivery,
    now,
    false,
  );
  if (!verified.ok) return refuse(verified.reason, verified.detail);
  const connectionLimit = await consumeConnectionRateLimit(verified.connection.row.id);
  if (!connectionLimit.allowed)
    return limited(connectionLimit.retryAfterSeconds, 'deliveries for this connection');

  const headers = archivedHeaders(request.headers, implementation.archivedHeaders);
  // Before the provider parses it: nothing downstream (zod, the store's JSON.stringify) ever walks
  // a body nested deeper than any provider sends.
  const parsed: ParseOutcome = isJsonTextTooDeep(delivery.text, MAX_JSON_DEPTH)
    ? { ok: false, detail: `body nests deeper than ${MAX_JSON_DEPTH} levels` }
    : implementation.parse(delivery);
  const eventIdProblem =
    parsed.ok && !EVENT_ID.test(parsed.event.eventId)
      ? 'event id must be 1-255 printable ASCII characters'
      : null;
  if (!parsed.ok || eventIdProblem) {
    const detail = parsed.ok ? (eventIdProblem ?? '') : parsed.detail;
    // This write has no secret re-check of its own: verify against the database, not the cache.
    if (!verified.fresh)
      verified = await resolveAndVerify(
        implementation,
        provider,
        connectionId,
        delivery,
        now,
        true,
      );
    if (!verified.ok) return reject(verified.reason, verified.detail);
    const { row } = verified.connection;
    // Authentic but unusable: kept (REJECTED) for inspection, never processed.
    await storeRejected({
      tenantId: row.tenantId,
      connectionId: row.id,
      provider,
      headers,
      rawBody: delivery.text,
      reason: detail,
    });
    return reject('malformed_payload', detail);
  }

  const { event } = parsed;
  const store = ({ connection: { row }, secretCiphertext }: Verified) =>
    storeEvent(
      {
        tenantId: row.tenantId,
        connectionId: row.id,
        provider,
        eventId: event.eventId,
        eventType: event.eventType,
        headers: { ...headers, ...prefixed(event.meta) },
        payload: event.payload,
        jobKey: webhookJobKey(provider, row.tenantId, event.eventId),
        signedKey: event.signedKey ?? null,
        requestId: getRequestContext()?.requestId,
        secretCiphertext,
      },
      read.body.length,
    );
  let stored = await store(verified);
  if (stored.outcome === 'stale' && !verified.fresh) {
    // The cached connection was rotated or removed since: decide again on what the database says now.
    verified = await resolveAndVerify(implementation, provider, connectionId, delivery, now, true);
    if (!verified.ok) return reject(verified.reason, verified.detail);
    stored = await store(verified);
  }
  if (stored.outcome === 'stale')
    return reject(
      'invalid_signature',
      'the connection or its signing secret changed while the delivery was being stored',
    );
  if (stored.outcome === 'duplicate') {
    metrics.webhooksDeduplicated.inc({ provider });
    metrics.webhookDedupeHits.inc({ provider });
  } else metrics.webhookDedupeMisses.inc({ provider });
  if (verified.secretIndex > 0)
    logger.info(
      { provider, connection: verified.connection.row.id },
      'webhook verified with the previous secret (rotation grace period)',
    );
  // A retried voice step is answered again from the state the first one left (the flow is keyed
  // by turn), so a duplicate still gets its TwiML.
  const answered = await voiceAnswer(provider, verified.connection.row.tenantId, event, request);
  return acknowledgement(
    answered ?? implementation.acknowledge?.(event),
    stored.outcome === 'duplicate',
  );
}

type Verified = {
  ok: true;
  connection: ResolvedConnection;
  secretIndex: number;
  secretCiphertext: string;
  fresh: boolean;
};
type Refused = { ok: false; reason: RejectReason; detail: string };

/**
 * Finds the connection (from this process's cache unless `fresh`) and verifies the delivery with
 * its active secrets. A signature that a cached entry refuses is checked once more against a
 * fresh lookup: the sender may already sign with a secret rotated in after the entry was cached.
 */
async function resolveAndVerify(
  implementation: WebhookProvider,
  provider: ProviderName,
  connectionId: string,
  delivery: InboundDelivery,
  now: Date,
  fresh: boolean,
): Promise<Verified | Refused> {
  let connection = fresh ? null : cachedConnection(provider, connectionId);
  let loaded = false;
  for (;;) {
    if (!connection) {
      connection = await loadConnection(provider, connectionId);
      loaded = true;
      if (!connection)
        return { ok: false, reason: 'unknown_connection', detail: NO_SUCH_CONNECTION };
    }
    const active = activeOpenedSecrets(connection.secrets, now);
    const outcome = implementation.verify(delivery, { secrets: active.map((s) => s.secret), now });
    if (outcome.ok) {
      const used = active[outcome.secretIndex];
      if (!used)
        throw new Error(`verifier reported secret ${outcome.secretIndex} of ${active.length}`);
      return {
        ok: true,
        connection,
        secretIndex: outcome.secretIndex,
        secretCiphertext: used.ciphertext,
        fresh: loaded,
      };
    }
    if (loaded || outcome.reason !== 'invalid_signature')
      return { ok: false, reason: outcome.reason, detail: outcome.detail };
    connection = null;
  }
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
