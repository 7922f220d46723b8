// Validly signed, hostile inside, for every provider of the registry: a lone surrogate (in a value
// and in a member name) is stored as U+FFFD instead of failing the jsonb insert; nesting past 64
// levels is refused as malformed before the provider parses it (kept REJECTED, no event, no
// job); and a store that fails for an unexpected reason answers a generic 500 with the request id,
// logged through the redacting logger, never thrown on to Next.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { providerSimulators } from '../../src/server/simulators/registry';
import { webhookProviders } from '../../src/server/providers/registry';
import type { ProviderName } from '../../src/server/providers/types';
import { logger } from '../../src/server/obs/logger';
import { createConnection, eventsOf, jobsOf, send, uniqueId, type TestConnection } from './helpers';

const providers = Object.keys(webhookProviders) as ProviderName[];
let tenant: TestTenant;
const connections = new Map<ProviderName, TestConnection>();

beforeAll(async () => {
  tenant = await createTenant('wh-hostile');
  for (const provider of providers)
    connections.set(provider, await createConnection(tenant, provider));
});
afterEach(() => vi.restoreAllMocks());

/** The provider's sample delivery as a JSON object (Twilio's form parameters as JSON). */
function sampleJson(provider: ProviderName, id: string): Record<string, unknown> {
  const sample = providerSimulators[provider].sampleBody(id);
  try {
    return JSON.parse(sample) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(sample));
  }
}

const signedJson = (provider: ProviderName, id: string, body: string) =>
  providerSimulators[provider].sign({
    url: connections.get(provider)!.url,
    body,
    secret: connections.get(provider)!.secret,
    deliveryId: id,
    contentType: 'application/json',
  });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe.each(providers)('%s: signed hostile bodies', (provider) => {
  it('a lone surrogate in a value or a member name is stored as U+FFFD (2xx, one event)', async () => {
    const id = uniqueId();
    const body = JSON.stringify({
      ...sampleJson(provider, id),
      note: 'cut emoji \ud83d',
      ['\udc00key']: 'x',
    });
    expect(body).toContain('\\ud83d');
    const response = await send(provider, signedJson(provider, id, body));
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    const [row] = await ownerQuery<{ payload: unknown }>(
      `SELECT payload FROM webhook_events WHERE connection_id = $1 AND status <> 'REJECTED'
        ORDER BY received_at DESC LIMIT 1`,
      [connections.get(provider)!.id],
    );
    const stored = JSON.stringify(row?.payload);
    expect(stored).not.toMatch(LONE_SURROGATE);
    // Providers that keep unknown members keep them, with the replacement character.
    if (stored.includes('cut emoji')) expect(stored).toContain('cut emoji \ufffd');
  });

  it('nesting past 64 levels: 400 malformed_payload, kept REJECTED, no event and no job', async () => {
    const id = uniqueId();
    const connection = connections.get(provider)!;
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const body = JSON.stringify(sampleJson(provider, id)).replace(/^\{/, `{"deep":${deep},`);
    const events = (await eventsOf(connection)).length;
    const jobs = (await jobsOf(tenant.tenantId)).length;
    const response = await send(provider, signedJson(provider, id, body));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'malformed_payload',
      detail: 'body nests deeper than 64 levels',
    });
    const rows = await eventsOf(connection);
    expect(rows).toHaveLength(events + 1);
    expect(rows.at(-1)).toMatchObject({
      status: 'REJECTED',
      event_id: null,
      reject_reason: 'body nests deeper than 64 levels',
    });
    expect(await jobsOf(tenant.tenantId)).toHaveLength(jobs);
  });
});

describe('an unexpected failure while storing', () => {
  it('answers a generic 500 with the request id, logs the cause redacted, and never throws', async () => {
    const logged = vi.spyOn(logger, 'error');
    const provider: ProviderName = 'chatwoot';
    const id = uniqueId();
    const phone = '+4915112345678';
    const body = JSON.stringify({ ...sampleJson(provider, id), phone_number: phone });
    await ownerQuery(
      `REVOKE EXECUTE ON FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[], text[]) FROM switchboard_app`,
    );
    try {
      const delivery = signedJson(provider, id, body);
      const response = await send(provider, delivery, {
        headers: { 'x-request-id': 'req-wh-hostile-01' },
      });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({
        error: 'internal_error',
        detail: 'the delivery was not stored; retry later',
        requestId: 'req-wh-hostile-01',
      });
      expect(text).not.toMatch(/permission|app_store|prisma|15112345678/i);
      const call = logged.mock.calls.find(([, message]) => message === 'webhook delivery failed');
      expect(call?.[0]).toMatchObject({ provider, requestId: 'req-wh-hostile-01' });
      expect(String((call?.[0] as { err: unknown }).err)).toMatch(/permission denied/);
    } finally {
      await ownerQuery(
        `GRANT EXECUTE ON FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[], text[]) TO switchboard_app`,
      );
    }
  });
});
