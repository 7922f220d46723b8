// The caller's address over a real socket: the peer, or what the trusted proxies saw; a sender's
// own X-Forwarded-For entries and a forged copy of our header are never believed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampClientAddress } from '../../src/server/http/client-address';
import { CLIENT_ADDRESS_HEADER, clientIp } from '../../src/lib/http/client-ip';

let trusted = 0;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    stampClientAddress(req, trusted);
    const headers = new Headers(req.headers as Record<string, string>);
    res.end(clientIp(headers));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const seen = async (headers: Record<string, string> = {}) =>
  (await fetch(base, { headers })).text();

describe('the client address', () => {
  it('with no trusted proxy is the socket peer, whatever the sender forwards or forges', async () => {
    trusted = 0;
    expect(await seen()).toBe('127.0.0.1');
    expect(await seen({ 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.10' })).toBe(
      '127.0.0.1',
    );
    expect(await seen({ [CLIENT_ADDRESS_HEADER]: '203.0.113.11' })).toBe('127.0.0.1');
  });

  it('behind one trusted proxy is the address that proxy saw, not what the sender prepended', async () => {
    trusted = 1;
    // The sender wrote 203.0.113.9; our proxy appended the real peer 198.51.100.4.
    expect(await seen({ 'x-forwarded-for': '203.0.113.9, 198.51.100.4' })).toBe('198.51.100.4');
    // Without the header the peer (the proxy itself) is all there is.
    expect(await seen()).toBe('127.0.0.1');
  });

  it('behind two trusted proxies skips exactly two hops', async () => {
    trusted = 2;
    expect(await seen({ 'x-forwarded-for': '203.0.113.9, 198.51.100.4, 10.0.0.2' })).toBe(
      '198.51.100.4',
    );
  });
});
