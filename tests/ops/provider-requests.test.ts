// provider_requests_total{provider, outcome}, counted at the real call sites: the Twilio SDK
// client (against a local stand-in answering like Twilio), the in-process simulator sender, and
// the Stripe SDK client (against a local stand-in answering like Stripe).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { StripeApiCheckoutClient } from '../../src/server/providers/stripe/client';
import { TwilioSmsSender } from '../../src/server/providers/twilio/messaging-twilio';
import { InProcessSimulatorSender } from '../../src/server/simulators/twilio/inprocess-sender';
import { metricValue } from '../helpers/metrics';

type Handler = (req: IncomingMessage, body: string) => { status: number; json: unknown };

async function startStandIn(handler: Handler) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { status, json } = handler(req, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const counted = async (provider: string) => ({
  ok: await metricValue('provider_requests_total', { provider, outcome: 'ok' }),
  error: await metricValue('provider_requests_total', { provider, outcome: 'error' }),
  transient: await metricValue('provider_requests_total', { provider, outcome: 'transient' }),
});

async function delta(provider: string, run: () => Promise<unknown>) {
  const before = await counted(provider);
  await run();
  const after = await counted(provider);
  return {
    ok: after.ok - before.ok,
    error: after.error - before.error,
    transient: after.transient - before.transient,
  };
}

const sms = (to: string) => ({
  to,
  body: 'Your appointment is tomorrow at 10:00',
  statusCallback: 'http://127.0.0.1:9/api/webhooks/twilio/whc_nowhere',
  idempotencyKey: `k-${to}`,
});

describe('Twilio SDK client', () => {
  const accountSid = `AC${'a'.repeat(32)}`;
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  beforeAll(async () => {
    standIn = await startStandIn((_req, body) => {
      const to = new URLSearchParams(body).get('To') ?? '';
      if (to.endsWith('0400'))
        return { status: 400, json: { code: 21211, message: 'Invalid To', status: 400 } };
      if (to.endsWith('0503'))
        return { status: 503, json: { code: 20503, message: 'Unavailable', status: 503 } };
      return {
        status: 201,
        json: { sid: `SM${'b'.repeat(32)}`, status: 'queued', num_segments: '1' },
      };
    });
  });
  afterAll(() => standIn.close());

  const sender = (apiBaseUrl: string) =>
    new TwilioSmsSender({
      mode: 'simulator-http',
      accountSid,
      authToken: 'token',
      from: '+4930123456',
      apiBaseUrl,
      timeoutMs: 2_000,
    });

  it('counts accepted sends ok, refused ones error, busy or unreachable ones transient', async () => {
    const client = sender(`http://127.0.0.1:${standIn.port}`);
    expect(
      await delta('twilio', async () => {
        expect((await client.send(sms('+4915112340001'))).ok).toBe(true);
        expect(await client.send(sms('+4915112340400'))).toMatchObject({ kind: 'permanent' });
        expect(await client.send(sms('+4915112340503'))).toMatchObject({ kind: 'transient' });
      }),
    ).toEqual({ ok: 1, error: 1, transient: 1 });

    const closed = await startStandIn(() => ({ status: 500, json: {} }));
    await closed.close();
    expect(
      await delta('twilio', async () => {
        const result = await sender(`http://127.0.0.1:${closed.port}`).send(sms('+4915112340002'));
        expect(result).toMatchObject({ ok: false, kind: 'transient', httpStatus: null });
      }),
    ).toEqual({ ok: 0, error: 0, transient: 1 });
  });

  it('does not count a send refused before any request (invalid To)', async () => {
    expect(
      await delta('twilio', () => sender(`http://127.0.0.1:${standIn.port}`).send(sms('12345'))),
    ).toEqual({ ok: 0, error: 0, transient: 0 });
  });
});

describe('in-process Twilio simulator', () => {
  const setEnv = (values: Record<string, string>) => {
    Object.assign(process.env, values);
    resetEnvForTests();
  };
  afterAll(() => setEnv({ SIM_TWILIO_FAIL_RATE: '0' }));

  it('counts through the same helper: ok, error (the simulator refuses +1555), transient (503)', async () => {
    setEnv({ SIM_TWILIO_FAIL_RATE: '0', SIM_TWILIO_STATUS_DELAY_MS: '0' });
    const sender = new InProcessSimulatorSender();
    expect(
      await delta('twilio', async () => {
        expect((await sender.send(sms('+4915112348101'))).ok).toBe(true);
        expect(await sender.send(sms('+15550001111'))).toMatchObject({ kind: 'permanent' });
        setEnv({ SIM_TWILIO_FAIL_RATE: '1' });
        expect(await sender.send(sms('+4915112348102'))).toMatchObject({ kind: 'transient' });
      }),
    ).toEqual({ ok: 1, error: 1, transient: 1 });
  });
});

describe('Stripe SDK client', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>;
  beforeAll(async () => {
    standIn = await startStandIn((req) => {
      const url = req.url ?? '';
      if (req.method === 'POST' && url === '/v1/checkout/sessions')
        return {
          status: 200,
          json: {
            id: 'cs_test_1',
            object: 'checkout.session',
            url: 'https://checkout.example/cs_test_1',
            amount_total: 1000,
            currency: 'eur',
            metadata: {},
          },
        };
      if (url.startsWith('/v1/checkout/sessions/cs_missing'))
        return {
          status: 404,
          json: {
            error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such' },
          },
        };
      if (url.startsWith('/v1/checkout/sessions/cs_refused'))
        return {
          status: 401,
          json: { error: { type: 'invalid_request_error', message: 'Invalid API Key' } },
        };
      return { status: 500, json: { error: { type: 'api_error', message: 'boom' } } };
    });
  });
  afterAll(() => standIn.close());

  const client = () =>
    new StripeApiCheckoutClient('sk_test_switchboard', {
      host: '127.0.0.1',
      port: standIn.port,
      protocol: 'http',
    });

  it('counts answers ok (an unknown session too), refusals error, 5xx transient', async () => {
    expect(
      await delta('stripe', async () => {
        await client().createCheckoutSession({
          idempotencyKey: 'topup-1',
          item: { name: '1000 credits', amountMinor: 1000, currency: 'eur' },
          metadata: {},
          clientReferenceId: 'tenant',
          successUrl: 'http://127.0.0.1/ok',
          cancelUrl: 'http://127.0.0.1/cancel',
        });
        expect(await client().retrieveCheckoutSession('cs_missing')).toBeNull();
        await expect(client().retrieveCheckoutSession('cs_refused')).rejects.toThrow();
        await expect(client().retrieveCheckoutSession('cs_broken')).rejects.toThrow();
      }),
    ).toEqual({ ok: 2, error: 1, transient: 1 });
  });
});
