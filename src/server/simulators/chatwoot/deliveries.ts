// Signed Chatwoot deliveries: HMAC-SHA256 over "<timestamp>.<body>", delivery id in a header.
import { randomUUID } from 'node:crypto';
import type { ProviderSimulator } from '../types';
import { hmacSha256 } from '../../providers/hmac';

export const chatwootSimulator: ProviderSimulator = {
  provider: 'chatwoot',
  signatureHeader: 'x-chatwoot-signature',
  isTimestamped: true,
  expectedEventId: (id) => id,
  sampleBody: (id) =>
    JSON.stringify({
      event: 'message_created',
      id: 4711,
      content: `Hello from conversation ${id}`,
      message_type: 'incoming',
      conversation: { id: 42, status: 'open' },
      sender: { id: 7, name: 'Jane Doe', phone_number: '+4915112345678' },
      account: { id: 1, name: 'Demo' },
    }),
  sign({
    url,
    body,
    secret,
    at = new Date(),
    deliveryId = randomUUID(),
    contentType = 'application/json',
  }) {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    return {
      method: 'POST',
      url,
      body,
      headers: {
        'content-type': contentType,
        'x-chatwoot-signature': `sha256=${hmacSha256(secret, `${timestamp}.`, body).toString('hex')}`,
        'x-chatwoot-timestamp': timestamp,
        'x-chatwoot-delivery': deliveryId,
        'user-agent': 'Chatwoot',
      },
    };
  },
};
