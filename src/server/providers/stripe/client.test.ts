// The real-API client's retrieveCheckoutSession, through the stripe SDK against a local stand-in
// for api.stripe.com: what a paid session, a missing one and a failing API turn into.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeApiCheckoutClient } from './client';

let server: Server;
let client: StripeApiCheckoutClient;
const requests: string[] = [];

const session = (id: string, paymentStatus: string) => ({
  id,
  object: 'checkout.session',
  payment_status: paymentStatus,
  status: paymentStatus === 'paid' ? 'complete' : 'open',
  amount_total: 4500,
  currency: 'eur',
  metadata: { tenant_id: 't-1', pack_id: 'credits-5000' },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const id = /^\/v1\/checkout\/sessions\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (id === 'cs_test_paid') return send(200, session(id, 'paid'));
    if (id === 'cs_test_open') return send(200, session(id, 'unpaid'));
    if (id === 'cs_test_broken')
      return send(500, { error: { type: 'api_error', message: 'boom' } });
    return send(404, {
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such checkout.session: '${id}'`,
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new StripeApiCheckoutClient('sk_test_local', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('StripeApiCheckoutClient.retrieveCheckoutSession', () => {
  it("reads Stripe's own payment status, amount, currency and metadata", async () => {
    expect(await client.retrieveCheckoutSession('cs_test_paid')).toEqual({
      id: 'cs_test_paid',
      paymentStatus: 'paid',
      amountTotal: 4500,
      currency: 'eur',
      metadata: { tenant_id: 't-1', pack_id: 'credits-5000' },
    });
    expect(await client.retrieveCheckoutSession('cs_test_open')).toMatchObject({
      paymentStatus: 'unpaid',
    });
    expect(requests[0]).toBe('GET /v1/checkout/sessions/cs_test_paid Bearer sk_test_local');
  });

  it('answers null for a session Stripe never issued (404), and throws when the API fails', async () => {
    expect(await client.retrieveCheckoutSession('cs_test_forged')).toBeNull();
    await expect(client.retrieveCheckoutSession('cs_test_broken')).rejects.toThrow();
  });
});
