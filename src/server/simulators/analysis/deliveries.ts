// Signed call-analysis deliveries, signed by the standardwebhooks library itself.
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ProviderSimulator, SimulatedDelivery, SignInput } from '../types';

export const analysisSimulator: ProviderSimulator = {
  provider: 'analysis',
  signatureHeader: 'webhook-signature',
  isTimestamped: true,
  expectedEventId: (id) => `msg_${id}`,
  sampleBody: (id) =>
    JSON.stringify({
      type: 'analysis.completed',
      timestamp: new Date().toISOString(),
      data: {
        analysisId: `an_${id}`,
        recordingId: `rec_${id}`,
        status: 'completed',
        outputHash: createHash('sha256').update(id).digest('hex'),
        summary: 'Customer agreed to a follow-up visit.',
      },
    }),
  sign: (input) => signAnalysis(input, [input.secret]),
};

/** Signs with every given secret (space-separated signatures), as a sender does during rotation. */
export function signAnalysis(
  { url, body, at = new Date(), deliveryId, contentType = 'application/json' }: SignInput,
  secrets: readonly string[],
): SimulatedDelivery {
  const msgId = deliveryId
    ? `msg_${deliveryId}`
    : `msg_${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const signatures = secrets.map((secret) => new Webhook(secret).sign(msgId, at, body)).join(' ');
  return {
    method: 'POST',
    url,
    body,
    headers: {
      'content-type': contentType,
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signatures,
      'user-agent': 'switchboard-analysis/1',
    },
  };
}
