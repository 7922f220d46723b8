import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSendError } from '../../src/server/providers/channel-send-error';
import { createWhatsappClient } from '../../src/server/providers/whatsapp/client';

let handler: (req: IncomingMessage, body: string, res: ServerResponse) => void = () => {};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => handler(req, body, res));
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

describe('createWhatsappClient', () => {
  it('posts the Cloud API text body and returns the wamid', async () => {
    let seen: { url?: string; auth?: string; body?: unknown } = {};
    handler = (req, body, res) => {
      seen = { url: req.url, auth: req.headers.authorization, body: JSON.parse(body) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.1' }] }));
    };
    const client = createWhatsappClient({ baseUrl, accessToken: 'tok' });
    await expect(
      client.sendText({ phoneNumberId: '123', to: '4915', text: 'hi', bizOpaque: 'r1' }),
    ).resolves.toEqual({
      messageId: 'wamid.1',
    });
    expect(seen).toEqual({
      url: '/v21.0/123/messages',
      auth: 'Bearer tok',
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '4915',
        type: 'text',
        text: { body: 'hi', preview_url: false },
        biz_opaque_callback_data: 'r1',
      },
    });
  });

  it('4xx is rejected with the provider code, 5xx retryable, a timeout in-doubt', async () => {
    const client = createWhatsappClient({ baseUrl, accessToken: 'tok', timeoutMs: 200 });
    const send = () => client.sendText({ phoneNumberId: '1', to: '2', text: 'x' });
    handler = (_req, _body, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 131026, message: 'Message undeliverable' } }));
    };
    await expect(send()).rejects.toMatchObject({
      kind: 'rejected',
      code: '131026',
      message: 'Message undeliverable',
    });
    handler = (_req, _body, res) => {
      res.writeHead(503);
      res.end();
    };
    await expect(send()).rejects.toMatchObject({ kind: 'retryable', httpStatus: 503 });
    handler = () => {};
    const error: unknown = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).kind).toBe('in-doubt');
  });
});
