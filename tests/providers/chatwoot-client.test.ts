import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatwootClient } from '../../src/server/providers/chatwoot/client';

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

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('createChatwootClient', () => {
  it('sends an outgoing message with its echo id and lists messages back by echo id', async () => {
    const seen: { method?: string; url?: string; token?: string | string[]; body: string }[] = [];
    handler = (req, body, res) => {
      seen.push({ method: req.method, url: req.url, token: req.headers.api_access_token, body });
      if (req.method === 'POST') return json(res, 200, { id: 77 });
      json(res, 200, {
        payload: [{ id: 77, content: 'hi', content_attributes: { echo_id: 'r1' } }],
      });
    };
    const client = createChatwootClient({ baseUrl, apiAccessToken: 'tok' });
    await expect(
      client.sendMessage({ accountId: 1, conversationId: 2, content: 'hi', echoId: 'r1' }),
    ).resolves.toEqual({ messageId: 77 });
    await expect(client.listMessages({ accountId: 1, conversationId: 2 })).resolves.toEqual([
      { id: 77, content: 'hi', echoId: 'r1' },
    ]);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/accounts/1/conversations/2/messages',
      token: 'tok',
    });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      content: 'hi',
      message_type: 'outgoing',
      private: false,
      content_attributes: { echo_id: 'r1' },
    });
  });

  it('404 is rejected, 500 retryable', async () => {
    const client = createChatwootClient({ baseUrl, apiAccessToken: 'tok' });
    handler = (_req, _body, res) => json(res, 404, { error: 'Resource could not be found' });
    await expect(
      client.toggleStatus({ accountId: 1, conversationId: 9, status: 'resolved' }),
    ).rejects.toMatchObject({
      kind: 'rejected',
      message: 'Resource could not be found',
    });
    handler = (_req, _body, res) => json(res, 500, {});
    await expect(client.deleteContact({ accountId: 1, contactId: 3 })).rejects.toMatchObject({
      kind: 'retryable',
    });
  });
});
