// Checkout's return URLs and next-auth's redirects go back to the origin the console is open on,
// and only to one of this app's own: a Host header is whatever the sender wrote.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { resetEnvForTests } from '../../src/server/env';
import {
  REQUEST_ORIGIN_HEADER,
  requestOrigin,
} from '../../src/server/domain/connections/request-origin';
import { stampRequestOrigin } from '../../src/server/http/request-origin';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';

const saved = { APP_URL: process.env.APP_URL, PORT: process.env.PORT };
const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
};
beforeAll(() => setEnv({ APP_URL: 'https://console.example.com', PORT: '3123' }));
afterAll(() => setEnv(saved));

const headersOf = (h: Record<string, string>) => new Headers(h);

describe('requestOrigin', () => {
  it('accepts APP_URL and loopback on our own port, and refuses any other Host', () => {
    expect(requestOrigin(headersOf({ host: '127.0.0.1:3123' }))).toBe('http://127.0.0.1:3123');
    expect(requestOrigin(headersOf({ host: 'localhost:3123' }))).toBe('http://localhost:3123');
    expect(requestOrigin(headersOf({}))).toBe('https://console.example.com');
    for (const host of ['evil.example', '127.0.0.1:3999', 'localhost', 'console.example.com']) {
      expect(() => requestOrigin(headersOf({ host }))).toThrow(/not this app's address/);
    }
  });

  it('behind no trusted proxy, X-Forwarded-Host is ignored; the edge stamp is used when present', () => {
    const forged = headersOf({ host: '127.0.0.1:3123', 'x-forwarded-host': 'evil.example' });
    expect(requestOrigin(forged)).toBe('http://127.0.0.1:3123');
    const stamped = headersOf({
      host: '127.0.0.1:3123',
      [REQUEST_ORIGIN_HEADER]: 'https://evil.example',
    });
    expect(() => requestOrigin(stamped)).toThrow(/not this app's address/);
  });

  it('behind a trusted proxy, its X-Forwarded-Host/-Proto name the origin', () => {
    setEnv({ TRUSTED_PROXY_COUNT: '1' });
    try {
      const h = headersOf({
        host: '10.0.0.5:3123',
        'x-forwarded-host': 'console.example.com',
        'x-forwarded-proto': 'https',
      });
      expect(requestOrigin(h)).toBe('https://console.example.com');
    } finally {
      setEnv({ TRUSTED_PROXY_COUNT: undefined });
    }
  });

  it("the edge hands next-auth a vetted X-Forwarded-Host: the request's own, or APP_URL's", () => {
    const own = { headers: { host: '127.0.0.1:3123', 'x-forwarded-host': 'evil.example' } };
    stampRequestOrigin(own as unknown as IncomingMessage, 0);
    expect(own.headers).toMatchObject({
      'x-forwarded-host': '127.0.0.1:3123',
      'x-forwarded-proto': 'http',
      [REQUEST_ORIGIN_HEADER]: 'http://127.0.0.1:3123',
    });
    const foreign = { headers: { host: 'evil.example' } };
    stampRequestOrigin(foreign as unknown as IncomingMessage, 0);
    expect(foreign.headers).toMatchObject({
      'x-forwarded-host': 'console.example.com',
      'x-forwarded-proto': 'https',
      [REQUEST_ORIGIN_HEADER]: 'http://evil.example',
    });
  });
});

describe('buying credits', () => {
  it('returns to the origin the console is open on, and refuses a foreign Host with a sentence', async () => {
    const t = await createTenant('origin');
    const caller = (key: string, host: string) =>
      callerFor(t.owner, { 'idempotency-key': key, host });
    const checkout = await caller('at-loopback', '127.0.0.1:3123').wallet.startTopUp({
      packId: 'credits-1000',
    });
    expect(new URL(checkout.url).origin).toBe('http://127.0.0.1:3123');

    const refused = await caller('at-evil', 'evil.example')
      .wallet.startTopUp({ packId: 'credits-1000' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    expect((refused as Error).message).toMatch(
      /open at http:\/\/evil\.example, which is not this app's address: open it at https:\/\/console\.example\.com/,
    );
    const rows = await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM billing_transactions WHERE tenant_id = $1',
      [t.tenantId],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
