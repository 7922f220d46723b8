// What one provider does differently: Twilio's proxy URL, JSON bodies and synchronous TwiML;
// WhatsApp's GET handshake; the analysis provider's several signatures during a key rotation.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import {
  twilioIncomingCallBody,
  twilioSimulator,
} from '../../src/server/simulators/twilio/deliveries';
import { whatsappHandshakeUrl } from '../../src/server/simulators/whatsapp/deliveries';
import { analysisSimulator, signAnalysis } from '../../src/server/simulators/analysis/deliveries';
import { webhookProviders } from '../../src/server/providers/registry';
import {
  createConnection,
  eventsOf,
  jobsOf,
  metricValue,
  send,
  uniqueId,
  whatsappGet,
  type TestConnection,
} from './helpers';

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTenant('wh-specific');
});

describe('twilio', () => {
  let c: TestConnection;
  beforeAll(async () => {
    c = await createConnection(tenant, 'twilio');
  });

  it('verifies the URL Twilio saw behind a proxy (X-Forwarded-Proto / X-Forwarded-Host)', async () => {
    const id = uniqueId();
    const delivery = twilioSimulator.sign({
      url: c.url,
      body: twilioSimulator.sampleBody(id),
      secret: c.secret,
    });
    const internal = new URL(delivery.url);
    internal.protocol = 'http:';
    internal.host = '127.0.0.1:3000';
    const behindProxy = await send('twilio', delivery, {
      url: internal.toString(),
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': new URL(c.url).host },
    });
    expect(behindProxy.status).toBe(200);
    // The same request without the forwarded headers is checked against the internal URL and fails.
    const other = twilioSimulator.sign({
      url: c.url,
      body: twilioSimulator.sampleBody(uniqueId()),
      secret: c.secret,
    });
    const direct = await send('twilio', other, { url: internal.toString() });
    expect(direct.status).toBe(401);
    expect((await eventsOf(c)).map((e) => e.event_id)).toContain(
      twilioSimulator.expectedEventId(id),
    );
  });

  it('accepts a JSON body signed with ?bodySHA256= and rejects one whose body does not match the hash', async () => {
    const id = uniqueId();
    const sid = `SM${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
    const body = JSON.stringify({
      AccountSid: `AC${'a'.repeat(32)}`,
      MessageSid: sid,
      MessageStatus: 'sent',
    });
    const delivery = twilioSimulator.sign({
      url: c.url,
      body,
      secret: c.secret,
      contentType: 'application/json',
    });
    expect(delivery.url).toContain('bodySHA256=');
    expect((await send('twilio', delivery)).status).toBe(200);
    expect((await eventsOf(c)).map((e) => e.event_id)).toContain(`${sid}:sent`);
    const swapped = await send('twilio', { ...delivery, body: body.replace('"sent"', '"failed"') });
    expect(swapped.status).toBe(401);
  });

  it('answers a voice webhook with TwiML synchronously, and still stores and enqueues it', async () => {
    const id = uniqueId();
    const delivery = twilioSimulator.sign({
      url: c.url,
      body: twilioIncomingCallBody(id),
      secret: c.secret,
    });
    const response = await send('twilio', delivery);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await response.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response\/>$/);
    const row = (await eventsOf(c)).find(
      (e) => e.event_type === 'voice.ringing' && e.event_id?.endsWith(':ringing'),
    );
    expect(row).toBeDefined();
    expect((await jobsOf(tenant.tenantId)).some((j) => j.payload.webhookEventId === row!.id)).toBe(
      true,
    );
    // A retry of the same call webhook gets the same TwiML and no second row.
    const again = await send('twilio', delivery);
    expect(await again.text()).toContain('<Response/>');
    expect((await eventsOf(c)).filter((e) => e.event_id === row!.event_id)).toHaveLength(1);
  });

  it('a form body without CallSid or MessageSid is authentic but unusable: 400, stored REJECTED', async () => {
    const body = new URLSearchParams({
      AccountSid: `AC${'b'.repeat(32)}`,
      Note: 'no sid here',
    }).toString();
    const response = await send(
      'twilio',
      twilioSimulator.sign({ url: c.url, body, secret: c.secret }),
    );
    expect(response.status).toBe(400);
    const rows = (await eventsOf(c)).filter((e) => e.raw_body?.includes('no+sid+here'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reject_reason).toMatch(/CallSid or MessageSid/);
  });
});

describe('whatsapp handshake', () => {
  let c: TestConnection;
  beforeAll(async () => {
    c = await createConnection(tenant, 'whatsapp');
  });

  const get = (url: string) =>
    whatsappGet(new Request(url), { params: Promise.resolve({ connection: c.publicId }) });

  it('echoes hub.challenge for the issued verify token', async () => {
    expect(c.verifyToken).toBeTruthy();
    const response = await get(whatsappHandshakeUrl(c.url, c.verifyToken!, 'challenge-1158201444'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('challenge-1158201444');
  });

  it('answers 403 to a wrong token or mode, counted', async () => {
    const before = await metricValue('webhooks_rejected_total', {
      provider: 'whatsapp',
      reason: 'handshake_mismatch',
    });
    expect((await get(whatsappHandshakeUrl(c.url, 'not-the-token', 'x'))).status).toBe(403);
    const wrongMode = new URL(whatsappHandshakeUrl(c.url, c.verifyToken!, 'x'));
    wrongMode.searchParams.set('hub.mode', 'unsubscribe');
    expect((await get(wrongMode.toString())).status).toBe(403);
    expect(
      await metricValue('webhooks_rejected_total', {
        provider: 'whatsapp',
        reason: 'handshake_mismatch',
      }),
    ).toBe(before + 2);
  });

  it('a status update is keyed by message id and status, so sent/delivered/read are three events', async () => {
    const body = (status: string) =>
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  statuses: [
                    {
                      id: 'wamid.STATUS1',
                      status,
                      timestamp: '1700000000',
                      recipient_id: '16505551234',
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
    for (const status of ['sent', 'delivered', 'read', 'read']) {
      const sim = (await import('../../src/server/simulators/whatsapp/deliveries'))
        .whatsappSimulator;
      expect(
        (await send('whatsapp', sim.sign({ url: c.url, body: body(status), secret: c.secret })))
          .status,
      ).toBe(200);
    }
    const ids = (await eventsOf(c))
      .map((e) => e.event_id)
      .filter((id) => id?.startsWith('wamid.STATUS1'));
    expect(ids.sort()).toEqual([
      'wamid.STATUS1:delivered',
      'wamid.STATUS1:read',
      'wamid.STATUS1:sent',
    ]);
  });
});

describe('analysis (Standard Webhooks)', () => {
  it('accepts a delivery carrying several signatures when one matches (sender-side key rotation)', async () => {
    const c = await createConnection(tenant, 'analysis');
    const id = uniqueId();
    const stranger = webhookProviders.analysis.generateSecret();
    const delivery = signAnalysis(
      { url: c.url, body: analysisSimulator.sampleBody(id), secret: c.secret, deliveryId: id },
      [stranger, c.secret],
    );
    expect(delivery.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect((await send('analysis', delivery)).status).toBe(200);
    const onlyStranger = signAnalysis(
      {
        url: c.url,
        body: analysisSimulator.sampleBody(uniqueId()),
        secret: stranger,
        deliveryId: uniqueId(),
      },
      [stranger],
    );
    expect((await send('analysis', onlyStranger)).status).toBe(401);
  });
});
