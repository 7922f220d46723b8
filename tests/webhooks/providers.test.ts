// Every provider through its real route handler: the HTTP answer AND what was stored (rows in
// webhook_events, jobs in graphile-worker) for valid, tampered, wrong-secret, missing-header,
// out-of-window, duplicate, malformed and oversize deliveries.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestTenant } from '../helpers/fixtures';
import { webhookProviders } from '../../src/server/providers/registry';
import { providerSimulators } from '../../src/server/simulators/registry';
import { PROVIDER_NAMES, type ProviderName } from '../../src/server/providers/types';
import {
  createConnection,
  eventsOf,
  jobsOf,
  metricValue,
  send,
  sendRequest,
  uniqueId,
  type TestConnection,
} from './helpers';

const MINUTE = 60_000;

for (const provider of PROVIDER_NAMES) {
  const sim = providerSimulators[provider];
  describe(`${provider} webhooks`, () => {
    let tenant: TestTenant;
    let connection: TestConnection;

    beforeAll(async () => {
      tenant = await createTenant(`wh-${provider}`);
      connection = await createConnection(tenant, provider);
    });

    const signed = (
      id: string,
      overrides: { body?: string; secret?: string; at?: Date; contentType?: string } = {},
    ) =>
      sim.sign({
        url: connection.url,
        body: overrides.body ?? sim.sampleBody(id),
        secret: overrides.secret ?? connection.secret,
        deliveryId: id,
        at: overrides.at,
        contentType: overrides.contentType,
      });

    async function expectNothingStoredFor(id: string) {
      const rows = await eventsOf(connection);
      expect(rows.filter((r) => r.event_id === sim.expectedEventId(id))).toEqual([]);
      const jobs = await jobsOf(tenant.tenantId);
      expect(jobs.filter((j) => j.key?.endsWith(`:${sim.expectedEventId(id)}`))).toEqual([]);
    }

    async function expectRejected(response: Response, status: number, reason: string) {
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: reason });
    }

    it('valid: 2xx, one RECEIVED row, one job keyed provider:tenant:event id', async () => {
      const id = uniqueId();
      const before = await metricValue('webhooks_received_total', { provider });
      const response = await send(provider, signed(id));
      expect(response.status).toBe(200);
      const rows = (await eventsOf(connection)).filter(
        (r) => r.event_id === sim.expectedEventId(id),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'RECEIVED',
        tenant_id: tenant.tenantId,
        attempts: 0,
      });
      // Signatures are never archived with the event.
      expect(Object.keys(rows[0]!.headers)).not.toContain(sim.signatureHeader);
      const jobs = (await jobsOf(tenant.tenantId)).filter(
        (j) => j.payload.webhookEventId === rows[0]!.id,
      );
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.key).toBe(`${provider}:${tenant.tenantId}:${sim.expectedEventId(id)}`);
      expect(await metricValue('webhooks_received_total', { provider })).toBe(before + 1);
    });

    it('tampered body: 401, nothing stored, counted', async () => {
      const id = uniqueId();
      const delivery = signed(id);
      const before = await metricValue('webhooks_rejected_total', {
        provider,
        reason: 'invalid_signature',
      });
      const tampered = {
        ...delivery,
        body: delivery.body.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10)),
      };
      expect(tampered.body).not.toBe(delivery.body);
      await expectRejected(await send(provider, tampered), 401, 'invalid_signature');
      await expectNothingStoredFor(id);
      expect(
        await metricValue('webhooks_rejected_total', { provider, reason: 'invalid_signature' }),
      ).toBe(before + 1);
    });

    it('wrong secret: 401, nothing stored', async () => {
      const id = uniqueId();
      const other = webhookProviders[provider].generateSecret();
      await expectRejected(
        await send(provider, signed(id, { secret: other })),
        401,
        'invalid_signature',
      );
      await expectNothingStoredFor(id);
    });

    it('missing signature header: 401, nothing stored', async () => {
      const id = uniqueId();
      const delivery = signed(id);
      const headers = Object.fromEntries(
        Object.entries(delivery.headers).filter(([name]) => name !== sim.signatureHeader),
      );
      await expectRejected(
        await send(provider, { ...delivery, headers }),
        401,
        'missing_signature',
      );
      await expectNothingStoredFor(id);
    });

    if (sim.isTimestamped) {
      it('timestamp older than 5 minutes: 401, nothing stored, counted', async () => {
        const id = uniqueId();
        const before = await metricValue('webhooks_rejected_total', {
          provider,
          reason: 'timestamp_out_of_window',
        });
        await expectRejected(
          await send(provider, signed(id, { at: new Date(Date.now() - 6 * MINUTE) })),
          401,
          'timestamp_out_of_window',
        );
        await expectNothingStoredFor(id);
        expect(
          await metricValue('webhooks_rejected_total', {
            provider,
            reason: 'timestamp_out_of_window',
          }),
        ).toBe(before + 1);
      });

      it('timestamp more than 5 minutes in the future: 401, nothing stored', async () => {
        const id = uniqueId();
        await expectRejected(
          await send(provider, signed(id, { at: new Date(Date.now() + 6 * MINUTE) })),
          401,
          'timestamp_out_of_window',
        );
        await expectNothingStoredFor(id);
      });

      it('timestamp 4 minutes old is still inside the window', async () => {
        const id = uniqueId();
        expect(
          (await send(provider, signed(id, { at: new Date(Date.now() - 4 * MINUTE) }))).status,
        ).toBe(200);
      });
    }

    it('duplicate: both answered 2xx, one row, one job, counted', async () => {
      const id = uniqueId();
      const delivery = signed(id);
      const before = await metricValue('webhooks_deduplicated_total', { provider });
      const first = await send(provider, delivery);
      expect(first.status).toBe(200);
      const second = await send(provider, delivery);
      expect(second.status).toBe(200);
      // Twilio answers TwiML; the others say what happened in a header, with no body to stream.
      if (provider !== 'twilio') {
        expect([
          first.headers.get('x-webhook-outcome'),
          second.headers.get('x-webhook-outcome'),
        ]).toEqual(['stored', 'duplicate']);
        expect(await second.text()).toBe('');
      }
      const rows = (await eventsOf(connection)).filter(
        (r) => r.event_id === sim.expectedEventId(id),
      );
      expect(rows).toHaveLength(1);
      expect(
        (await jobsOf(tenant.tenantId)).filter((j) => j.payload.webhookEventId === rows[0]!.id),
      ).toHaveLength(1);
      expect(await metricValue('webhooks_deduplicated_total', { provider })).toBe(before + 1);
    });

    it('malformed JSON with a valid signature: 400, stored as REJECTED with the raw body, no job', async () => {
      const id = uniqueId();
      const body = `{"id": "broken-${id}", "truncated": `;
      const response = await send(provider, signed(id, { body, contentType: 'application/json' }));
      await expectRejected(response, 400, 'malformed_payload');
      const rows = (await eventsOf(connection)).filter((r) => r.raw_body?.includes(`broken-${id}`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'REJECTED', event_id: null });
      expect(rows[0]!.reject_reason).toMatch(/JSON/);
      expect(
        (await jobsOf(tenant.tenantId)).filter((j) => j.payload.webhookEventId === rows[0]!.id),
      ).toEqual([]);
    });

    it('oversize body (1 MiB + 1 byte, validly signed): 413, nothing stored', async () => {
      const id = uniqueId();
      const before = await metricValue('webhooks_rejected_total', {
        provider,
        reason: 'too_large',
      });
      const body = JSON.stringify({ id, pad: 'x'.repeat(1024 * 1024) });
      const delivery = signed(id, { body, contentType: 'application/json' });
      await expectRejected(await send(provider, delivery), 413, 'too_large');
      // A Content-Length that lies does not help: the stream itself is counted.
      await expectRejected(
        await send(provider, delivery, { headers: { 'content-length': '100' } }),
        413,
        'too_large',
      );
      const rows = (await eventsOf(connection)).filter((r) => (r.raw_body ?? '').includes(id));
      expect(rows).toEqual([]);
      expect(await metricValue('webhooks_rejected_total', { provider, reason: 'too_large' })).toBe(
        before + 2,
      );
    });

    it('a streamed (chunked) oversize body is cut off at the cap', async () => {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 4 * 1024 * 1024) return controller.close();
          sent += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        },
      });
      const request = new Request(connection.url, {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
      await expectRejected(await sendRequest(provider, request), 413, 'too_large');
      // It stopped reading soon after the cap instead of draining all 4 MiB.
      expect(sent).toBeLessThan(2 * 1024 * 1024);
    });

    it('unknown connection: 404, nothing stored', async () => {
      const id = uniqueId();
      const delivery = signed(id);
      const url = connection.url.replace(connection.publicId, `whc_${'A'.repeat(24)}`);
      await expectRejected(await send(provider, { ...delivery, url }), 404, 'unknown_connection');
      await expectNothingStoredFor(id);
    });

    it('a connection of another provider does not accept this provider’s deliveries', async () => {
      const other: ProviderName = provider === 'stripe' ? 'shopify' : 'stripe';
      const otherConnection = await createConnection(tenant, other);
      const id = uniqueId();
      const delivery = sim.sign({
        url: otherConnection.url.replace(`/${other}/`, `/${provider}/`),
        body: sim.sampleBody(id),
        secret: webhookProviders[provider].generateSecret(),
        deliveryId: id,
      });
      await expectRejected(await send(provider, delivery), 404, 'unknown_connection');
    });
  });
}
