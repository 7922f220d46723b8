// Sends a simulated delivery over real HTTP, as the provider would, and reads the answer to its end.
import type { SimulatedDelivery } from './types';

const TIMEOUT_MS = 10_000;

/** The HTTP status the receiver answered. */
export async function postDelivery(
  delivery: SimulatedDelivery,
  signal?: AbortSignal,
): Promise<number> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const response = await fetch(delivery.url, {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  await response.arrayBuffer();
  return response.status;
}
