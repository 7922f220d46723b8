// The one webhook route takes the provider from the URL: a name that is no provider answers
// exactly as an unknown connection does (404, same body) and leaves nothing behind; GET is the
// WhatsApp handshake only, elsewhere still the 405 of a route without GET.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { providerSimulators } from '../../src/server/simulators/registry';
import { toRequest } from '../../src/server/simulators/types';
import {
  createConnection,
  metricValue,
  PUBLIC_ORIGIN,
  sendRequest,
  uniqueId,
  webhookGet,
  type TestConnection,
} from './helpers';

let tenant: TestTenant;
let stripe: TestConnection;
beforeAll(async () => {
  tenant = await createTenant('wh-unknown-provider');
  stripe = await createConnection(tenant, 'stripe');
});

const storedCount = async () =>
  (
    await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_events WHERE tenant_id = $1',
      [tenant.tenantId],
    )
  )[0]!.n;

/** A correctly signed Stripe delivery, sent to `url`. */
const stripeDelivery = (url: string) => {
  const sim = providerSimulators.stripe;
  return toRequest(sim.sign({ url, body: sim.sampleBody(uniqueId()), secret: stripe.secret }));
};

describe('webhook route: unknown provider', () => {
  it('answers 404 with the body of an unknown connection, and stores and counts nothing', async () => {
    const unknownConnection = await sendRequest(
      'stripe',
      stripeDelivery(`${PUBLIC_ORIGIN}/api/webhooks/stripe/whc_${'A'.repeat(24)}`),
    );
    const expectedBody = await unknownConnection.text();
    expect(unknownConnection.status).toBe(404);

    const received = await metricValue('webhooks_received_total', { provider: 'nope' });
    const before = await storedCount();
    // The connection exists, the signature is right: only the provider segment is wrong.
    const response = await sendRequest(
      'nope',
      stripeDelivery(stripe.url.replace('/stripe/', '/nope/')),
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(
      unknownConnection.headers.get('content-type'),
    );
    expect(await response.text()).toBe(expectedBody);
    expect(await storedCount()).toBe(before);
    expect(await metricValue('webhooks_received_total', { provider: 'nope' })).toBe(received);
  });

  it('answers a GET the same way', async () => {
    const url = stripe.url.replace('/stripe/', '/nope/');
    const response = await webhookGet('nope', new Request(url), stripe.publicId);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'unknown_connection',
      detail: 'no such webhook connection',
    });
  });
});

describe('webhook route: GET', () => {
  it('is 405 with no body for a provider without a handshake', async () => {
    const response = await webhookGet('stripe', new Request(stripe.url), stripe.publicId);
    expect(response.status).toBe(405);
    expect(await response.text()).toBe('');
  });
});
