// /metrics is not for the open internet: a bearer token when METRICS_TOKEN is set, else this
// machine only, judged by the socket's address (forwarding headers change nothing).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMetricsAccess } from '../../src/server/obs/metrics-access';
import { serveMetrics } from '../../src/server/obs/metrics-endpoint';

const TOKEN = 'metrics-token-0123456789';
let token: string | undefined;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => serveMetrics(req, res, token));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const peer = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('/metrics access', () => {
  it('without a token: this machine yes, any other address no, whatever it forwards', () => {
    expect(checkMetricsAccess(peer('127.0.0.1'), undefined).ok).toBe(true);
    expect(checkMetricsAccess(peer('::1'), undefined).ok).toBe(true);
    const spoofed = peer('203.0.113.9', { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '::1' });
    expect(checkMetricsAccess(spoofed, undefined)).toMatchObject({ ok: false, status: 403 });
  });

  it('with a token: the bearer decides, even on this machine', () => {
    expect(checkMetricsAccess(peer('127.0.0.1'), TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(
      checkMetricsAccess(peer('127.0.0.1', { authorization: 'Bearer wrong' }), TOKEN),
    ).toMatchObject({ ok: false, status: 401 });
    expect(
      checkMetricsAccess(peer('203.0.113.9', { authorization: `Bearer ${TOKEN}` }), TOKEN).ok,
    ).toBe(true);
  });

  it('over HTTP: 200 with the metrics for an allowed scrape, 401 with a reason otherwise', async () => {
    token = undefined;
    const open = await fetch(`${base}/metrics`);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('process_cpu_user_seconds_total');
    token = TOKEN;
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toEqual({ error: 'a bearer token is required for /metrics' });
    const allowed = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(allowed.status).toBe(200);
  });
});
