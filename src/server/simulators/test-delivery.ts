// Turns a simulated delivery into what the pipeline hands a provider (unit tests).
import type { InboundDelivery } from '../providers/types';
import type { SimulatedDelivery } from './types';

export function inbound(
  delivery: SimulatedDelivery,
  overrides: { url?: string; headers?: Record<string, string>; body?: string } = {},
): InboundDelivery {
  const body = Buffer.from(overrides.body ?? delivery.body);
  return {
    method: 'POST',
    url: overrides.url ?? delivery.url,
    headers: new Headers({ ...delivery.headers, ...overrides.headers }),
    body,
    text: body.toString('utf8'),
  };
}
