// Hostile tRPC input, over HTTP through the real route handler: lone surrogates reach the audit
// trail as U+FFFD, deep nesting is refused before the idempotency hash and zod, a NUL is a field
// error, an out-of-range date is a field error, and an unexpected failure answers "internal
// error" with the request id (its cause in the log only). Each refusal writes nothing.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as trpcRoute from '../../src/app/api/trpc/[trpc]/route';
import { logger } from '../../src/server/obs/logger';
import { addPerson, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from './support';

let tenant: TestTenant;
let bearer: string;
let n = 0;

beforeAll(async () => {
  tenant = await createTenant('hostile-trpc');
  bearer = await bearerFor(await addPerson(tenant, 'ADMIN'));
});
afterEach(() => vi.restoreAllMocks());

const headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${bearer}`,
  'content-type': 'application/json',
  'idempotency-key': `hostile-${++n}`,
  ...extra,
});

/** A mutation with its body as raw JSON text (JSON.stringify itself overflows on deep values). */
const mutate = (path: string, body: string, extra?: Record<string, string>) =>
  trpcRoute.POST(
    new Request(`http://switchboard.test/api/trpc/${path}`, {
      method: 'POST',
      headers: headers(extra),
      body,
    }),
  );
const query = (path: string, input: unknown, extra?: Record<string, string>) => {
  const url = new URL(`http://switchboard.test/api/trpc/${path}`);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  return trpcRoute.GET(new Request(url, { headers: headers(extra) }));
};

type ErrorBody = {
  error: {
    message: string;
    data: { code: string; requestId?: string; fieldErrors?: Record<string, string[]> };
  };
};

const auditDetail = async (action: string) =>
  (
    await ownerQuery<{ detail: Record<string, unknown> }>(
      'SELECT detail FROM audit_entries WHERE tenant_id = $1 AND action = $2 ORDER BY created_at DESC LIMIT 1',
      [tenant.tenantId, action],
    )
  )[0]?.detail;

const counts = async () =>
  (
    await ownerQuery<{ audit: number; keys: number; jobs: number }>(
      `SELECT (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1) AS audit,
              (SELECT count(*)::int FROM idempotency_keys WHERE tenant_id = $1) AS keys,
              (SELECT count(*)::int FROM graphile_worker._private_jobs) AS jobs`,
      [tenant.tenantId],
    )
  )[0];

describe('hostile tRPC input', () => {
  it('a lone surrogate in text that reaches the audit trail is stored as U+FFFD', async () => {
    const calls: [string, object, string, string, string][] = [
      [
        'wallet.adjust',
        { amount: 5, reason: 'goodwill \ud800' },
        'wallet.adjusted',
        'reason',
        'goodwill \ufffd',
      ],
      [
        'webhooks.createConnection',
        { provider: 'stripe', label: 'shop \udc00' },
        'webhook_connection.created',
        'label',
        'shop \ufffd',
      ],
      ['apiTokens.create', { name: 'ci \ud83d' }, 'api_token.created', 'name', 'ci \ufffd'],
      ['ops.probe', { note: 'n\ud800b' }, 'ops.probe.requested', 'note', 'n\ufffdb'],
    ];
    for (const [path, input, action, field, stored] of calls) {
      const response = await mutate(path, JSON.stringify(input));
      expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
      expect((await auditDetail(action))?.[field]).toBe(stored);
    }
  });

  it('input nested thousands deep is refused (400) before the idempotency hash and zod, and writes nothing', async () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const before = await counts();
    for (const [path, body] of [
      ['campaigns.launch', `{"id":${deep(5_000)}}`],
      ['wallet.adjust', `{"amount":1,"reason":"why not","x":${deep(20_000)}}`],
      ['wallet.startTopUp', deep(100_000)],
    ] as const) {
      const response = await mutate(path, body);
      const answer = (await response.json()) as ErrorBody;
      expect(response.status, path).toBe(400);
      expect(answer.error.message).toBe('input nests deeper than 64 levels');
    }
    expect(await counts()).toEqual(before);
  });

  it('a NUL in any text field is a 400 naming the field (Postgres text cannot hold it)', async () => {
    const response = await query('audit.list', { action: 'campaign.\u0000' });
    const answer = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(answer.error.data.fieldErrors?.action).toEqual([
      'may not contain the NUL character (U+0000)',
    ]);
    const before = await counts();
    const refused = await mutate('jobs.deadLetters.retryMany', JSON.stringify({ task: 'a\u0000' }));
    expect(refused.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('a date Postgres cannot store is a field error, not a database error', async () => {
    const response = await query('webhooks.listEvents', { to: '0000-12-31T23:59:59.999Z' });
    const answer = (await response.json()) as ErrorBody;
    expect(response.status).toBe(400);
    expect(answer.error.data.fieldErrors?.to).toEqual(['must be in year 1 or later']);
  });

  it('an unexpected failure answers "internal error" and the request id; the cause goes to the log', async () => {
    const logged = vi.spyOn(logger, 'error');
    await ownerQuery('REVOKE SELECT ON credit_accounts FROM switchboard_app');
    try {
      const response = await query('wallet.summary', undefined, {
        'x-request-id': 'req-hostile-000001',
      });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({
        error: {
          message: 'internal error',
          data: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-hostile-000001' },
        },
      });
      expect(text).not.toMatch(/permission|prisma|credit_accounts|invocation|\.ts:/i);
      const [fields, message] = logged.mock.calls.find(([, m]) => m === 'procedure failed') ?? [];
      expect(message).toBe('procedure failed');
      expect(fields).toMatchObject({ path: 'wallet.summary', requestId: 'req-hostile-000001' });
      expect(String((fields as { err: unknown }).err)).toMatch(/permission denied/);
    } finally {
      await ownerQuery('GRANT SELECT ON credit_accounts TO switchboard_app');
    }
  });
});
