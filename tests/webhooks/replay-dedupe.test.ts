// Shopify's X-Shopify-Event-Id and Chatwoot's X-Chatwoot-Delivery are outside their signatures,
// so each event also gets a key over the signed bytes (webhook_events.signed_key): a captured
// delivery replayed under a new id header is a duplicate, while a genuine retry (same id; Shopify
// resends the original body, Chatwoot re-signs with a new timestamp) still is one too, and
// distinct events are stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { shopifySimulator } from '../../src/server/simulators/shopify/deliveries';
import { chatwootSimulator } from '../../src/server/simulators/chatwoot/deliveries';
import { createConnection, jobsOf, send, uniqueId, type TestConnection } from './helpers';

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTenant('wh-replay');
});

type Row = { event_id: string; signed_key: string | null };
const rowsOf = (connection: TestConnection) =>
  ownerQuery<Row>(
    `SELECT event_id, signed_key FROM webhook_events WHERE connection_id = $1 AND status <> 'REJECTED' ORDER BY received_at`,
    [connection.id],
  );
/** The 2xx a delivery got, as stored or duplicate. */
const outcome = async (sent: Promise<Response>) => {
  const response = await sent;
  expect(response.status).toBe(200);
  return response.headers.get('x-webhook-outcome');
};
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('shopify: the signed body is a second dedupe key', () => {
  let connection: TestConnection;
  beforeAll(async () => {
    connection = await createConnection(tenant, 'shopify');
  });
  const sign = (body: string, eventId: string) =>
    shopifySimulator.sign({
      url: connection.url,
      body,
      secret: connection.secret,
      deliveryId: eventId,
    });

  it('a replay under a new X-Shopify-Event-Id is a duplicate: one row, one job', async () => {
    const body = shopifySimulator.sampleBody(uniqueId());
    const original = sign(body, `ev-${uniqueId()}`);
    expect(await outcome(send('shopify', original))).toBe('stored');
    const replay = {
      ...original,
      headers: { ...original.headers, 'x-shopify-event-id': 'forged-1' },
    };
    expect(await outcome(send('shopify', replay))).toBe('duplicate');
    const rows = (await rowsOf(connection)).filter((r) => r.signed_key === sha256(body));
    expect(rows).toEqual([
      { event_id: original.headers['x-shopify-event-id'], signed_key: sha256(body) },
    ]);
    expect((await jobsOf(tenant.tenantId)).filter((j) => j.key?.includes('forged-1'))).toEqual([]);
  });

  it("Shopify's own retry (same event id, the original body, a new webhook id) is a duplicate", async () => {
    const body = shopifySimulator.sampleBody(uniqueId());
    const eventId = `ev-${uniqueId()}`;
    expect(await outcome(send('shopify', sign(body, eventId)))).toBe('stored');
    expect(await outcome(send('shopify', sign(body, eventId)))).toBe('duplicate');
  });

  it('another body is another event, whatever the event id header says', async () => {
    const eventId = `ev-${uniqueId()}`;
    expect(
      await outcome(send('shopify', sign(shopifySimulator.sampleBody(uniqueId()), eventId))),
    ).toBe('stored');
    expect(
      await outcome(
        send('shopify', sign(shopifySimulator.sampleBody(uniqueId()), `ev-${uniqueId()}`)),
      ),
    ).toBe('stored');
  });
});

describe('chatwoot: the signed timestamp and body are a second dedupe key', () => {
  let connection: TestConnection;
  beforeAll(async () => {
    connection = await createConnection(tenant, 'chatwoot');
  });
  const sign = (body: string, deliveryId: string, at: Date) =>
    chatwootSimulator.sign({
      url: connection.url,
      body,
      secret: connection.secret,
      deliveryId,
      at,
    });

  it('a replay within the window under a new X-Chatwoot-Delivery is a duplicate', async () => {
    const body = chatwootSimulator.sampleBody(uniqueId());
    const original = sign(body, `d-${uniqueId()}`, new Date());
    expect(await outcome(send('chatwoot', original))).toBe('stored');
    const replay = {
      ...original,
      headers: { ...original.headers, 'x-chatwoot-delivery': `forged-${uniqueId()}` },
    };
    expect(await outcome(send('chatwoot', replay))).toBe('duplicate');
    const timestamp = original.headers['x-chatwoot-timestamp']!;
    const rows = (await rowsOf(connection)).filter(
      (r) => r.signed_key === sha256(`${timestamp}.${body}`),
    );
    expect(rows.map((r) => r.event_id)).toEqual([original.headers['x-chatwoot-delivery']]);
  });

  it("Chatwoot's own retry (same delivery id, re-signed with a new timestamp) is a duplicate", async () => {
    const body = chatwootSimulator.sampleBody(uniqueId());
    const deliveryId = `d-${uniqueId()}`;
    const now = Date.now();
    expect(await outcome(send('chatwoot', sign(body, deliveryId, new Date(now - 60_000))))).toBe(
      'stored',
    );
    expect(await outcome(send('chatwoot', sign(body, deliveryId, new Date(now))))).toBe(
      'duplicate',
    );
  });

  it('the same body signed at another time under another delivery id is another event', async () => {
    const body = chatwootSimulator.sampleBody(uniqueId());
    const now = Date.now();
    expect(
      await outcome(send('chatwoot', sign(body, `d-${uniqueId()}`, new Date(now - 5_000)))),
    ).toBe('stored');
    expect(await outcome(send('chatwoot', sign(body, `d-${uniqueId()}`, new Date(now))))).toBe(
      'stored',
    );
  });
});
