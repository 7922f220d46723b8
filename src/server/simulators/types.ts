// What a provider simulator is: a local sender that signs deliveries exactly as its provider
// does (same wire format, same scheme), for tests, the bench and the demo.
import type { ProviderName } from '../providers/types';

/** A signed request produced by a provider simulator: tests, the bench and the demo send these. */
export type SimulatedDelivery = {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
};

export type SignInput = {
  /** The URL the provider believes it is calling (the public one, behind any proxy). */
  url: string;
  body: string;
  secret: string;
  /** Time of signing (timestamped schemes); defaults to now. */
  at?: Date;
  /** Id carried in a header by providers that put it there (Shopify, Chatwoot, analysis). */
  deliveryId?: string;
  /** Overrides the provider's usual content type (e.g. a JSON body for Twilio). */
  contentType?: string;
};

export interface ProviderSimulator {
  readonly provider: ProviderName;
  /** The header that carries the signature (a "missing header" test removes it). */
  readonly signatureHeader: string;
  /** Whether the signature covers a timestamp checked against a window. */
  readonly isTimestamped: boolean;
  /** A realistic event body; `id` makes the event (and its event id) unique. */
  sampleBody(id: string): string;
  /** The event id the pipeline should derive from `sampleBody(id)` signed with `deliveryId: id`. */
  expectedEventId(id: string): string;
  sign(input: SignInput): SimulatedDelivery;
}

export function toRequest(
  delivery: SimulatedDelivery,
  overrides: { url?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request(overrides.url ?? delivery.url, {
    method: delivery.method,
    headers: { ...delivery.headers, ...overrides.headers },
    body: delivery.body,
  });
}
