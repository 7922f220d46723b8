// Signed WhatsApp Cloud API deliveries (X-Hub-Signature-256) and the GET handshake URL.
import type { ProviderSimulator } from '../types';
import { hmacSha256 } from '../../providers/hmac';

export const whatsappSimulator: ProviderSimulator = {
  provider: 'whatsapp',
  signatureHeader: 'x-hub-signature-256',
  isTimestamped: false,
  expectedEventId: (id) => `wamid.${id}`,
  sampleBody: (id) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: '15550783881',
                  phone_number_id: '106540352242922',
                },
                contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
                messages: [
                  {
                    from: '16505551234',
                    id: `wamid.${id}`,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    text: { body: 'Does it come in another color?' },
                    type: 'text',
                  },
                ],
              },
            },
          ],
        },
      ],
    }),
  sign({ url, body, secret, contentType = 'application/json' }) {
    return {
      method: 'POST',
      url,
      body,
      headers: {
        'content-type': contentType,
        'x-hub-signature-256': `sha256=${hmacSha256(secret, body).toString('hex')}`,
        'user-agent': 'facebookexternalua',
      },
    };
  },
};

export function whatsappHandshakeUrl(url: string, verifyToken: string, challenge: string): string {
  const u = new URL(url);
  u.searchParams.set('hub.mode', 'subscribe');
  u.searchParams.set('hub.verify_token', verifyToken);
  u.searchParams.set('hub.challenge', challenge);
  return u.toString();
}
