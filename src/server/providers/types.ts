// The one interface every inbound provider implements. A provider knows its wire format
// (signature scheme, payload shape, event id) and nothing else: no database, no domain rules.

export const PROVIDER_NAMES = [
  'twilio',
  'stripe',
  'shopify',
  'whatsapp',
  'chatwoot',
  'analysis',
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

/** A delivery as the pipeline hands it to a provider: the raw bytes exactly as received. */
export type InboundDelivery = {
  method: string;
  /** The URL this process received (behind a proxy, not necessarily what the provider signed). */
  url: string;
  headers: Headers;
  body: Buffer;
  /** `body` decoded as UTF-8, once. */
  text: string;
};

/** Bounded set of reasons, used as a metric label and in the 4xx answer. */
export type RejectReason =
  | 'missing_signature'
  | 'invalid_signature'
  | 'timestamp_out_of_window'
  | 'malformed_payload'
  | 'handshake_mismatch'
  | 'unknown_connection'
  | 'too_large'
  | 'rate_limited'
  | 'method_not_allowed';

export type VerifyOutcome =
  { ok: true; secretIndex: number } | { ok: false; reason: RejectReason; detail: string };

export type ParsedEvent<E = unknown> = {
  /** The provider's id for this event: the dedupe key (with tenant and provider). */
  eventId: string;
  eventType: string;
  /** What is stored; read back into `typed` by readEvent when the event is applied. */
  payload: unknown;
  /** The delivery as one typed event: readEvent(payload). */
  typed: E;
  /** Non-secret provider ids worth keeping next to the event (e.g. Shopify's webhook id). */
  meta?: Record<string, string>;
  /**
   * For providers whose event id is outside the signature: a key derived from the signed bytes
   * (at most 255 characters). A second dedupe key: a delivery repeating it is a duplicate, so a
   * replay under a new id header is not stored again.
   */
  signedKey?: string;
};

export type ParseOutcome<E = unknown> =
  { ok: true; event: ParsedEvent<E> } | { ok: false; detail: string };

export type AckResponse = { status: number; contentType: string; body: string };

export type VerifyContext = {
  /** Every secret valid right now, current first (the previous one during a rotation grace period). */
  secrets: readonly string[];
  now: Date;
};

/** `E`: the provider's typed event, which handlers receive instead of its field names. */
export interface WebhookProvider<E = unknown> {
  readonly name: ProviderName;
  /** A fresh secret in the format this provider's scheme expects. */
  generateSecret(): string;
  verify(delivery: InboundDelivery, context: VerifyContext): VerifyOutcome;
  parse(delivery: InboundDelivery): ParseOutcome<E>;
  /** A stored payload (what parse returned as `payload`) as the same typed event, when applied. */
  readEvent(payload: unknown): E;
  /** Request headers worth archiving with the event (never signatures). Lower-case names. */
  readonly archivedHeaders: readonly string[];
  /** The 2xx body for an accepted (or duplicate) delivery; default is a small JSON ack. */
  acknowledge?(event: ParsedEvent<E> | null): AckResponse;
  /**
   * A refusal in the provider's own terms where a person waits on the answer (Twilio voice: the
   * caller hears TwiML, not a JSON body); null keeps the pipeline's JSON refusal.
   */
  refusal?(reason: RejectReason, url: string): AckResponse | null;
}
