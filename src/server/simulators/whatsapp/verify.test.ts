import { describe, expect, it } from 'vitest';
import { inbound } from '../test-delivery';
import { whatsappProvider } from '../../providers/whatsapp/provider';
import { whatsappSimulator } from './deliveries';
import { hashVerifyToken, verifyHandshake } from '../../providers/whatsapp/verify';
import { whatsappEventIdentity, whatsappPayloadSchema } from '../../providers/whatsapp/schemas';

const url = 'https://hooks.example/api/webhooks/whatsapp/whc_x';
const secret = whatsappProvider.generateSecret();
const now = new Date();

describe('whatsapp verify', () => {
  it('accepts sha256=<hex> of the body, refuses other formats', () => {
    const d = whatsappSimulator.sign({ url, body: whatsappSimulator.sampleBody('m1'), secret });
    expect(whatsappProvider.verify(inbound(d), { secrets: [secret], now })).toEqual({
      ok: true,
      secretIndex: 0,
    });
    const bare = d.headers['x-hub-signature-256']!.replace('sha256=', '');
    expect(
      whatsappProvider.verify(inbound(d, { headers: { 'x-hub-signature-256': bare } }), {
        secrets: [secret],
        now,
      }),
    ).toMatchObject({ reason: 'invalid_signature' });
  });

  it('handshake: challenge for the right token only', () => {
    const hash = hashVerifyToken('tok');
    const u = (token: string, mode = 'subscribe') =>
      new URL(`${url}?hub.mode=${mode}&hub.verify_token=${token}&hub.challenge=42`);
    expect(verifyHandshake(u('tok'), hash)).toEqual({ ok: true, challenge: '42' });
    expect(verifyHandshake(u('tok2'), hash)).toMatchObject({ ok: false });
    expect(verifyHandshake(u('tok', 'other'), hash)).toMatchObject({ ok: false });
    expect(verifyHandshake(u('tok'), null)).toMatchObject({ ok: false });
  });

  it('a batch has one id whatever the order of its items', () => {
    const payload = (ids: string[]) =>
      whatsappPayloadSchema.parse({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [{ field: 'messages', value: { messages: ids.map((id) => ({ id })) } }],
          },
        ],
      });
    const a = whatsappEventIdentity(payload(['wamid.1', 'wamid.2']));
    const b = whatsappEventIdentity(payload(['wamid.2', 'wamid.1']));
    expect(a?.eventId).toMatch(/^batch:/);
    expect(a?.eventId).toBe(b?.eventId);
    expect(whatsappEventIdentity(payload(['wamid.1']))?.eventId).toBe('wamid.1');
  });
});
