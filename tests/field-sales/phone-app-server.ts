// A real HTTP server on 127.0.0.1 in front of the route handlers a phone talks to: tRPC
// (/api/trpc/*) and the audio upload (/api/v1/recordings/<id>/audio). Request bodies are handed
// on as streams (never read whole first), as Next hands them to the route handlers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import * as trpcRoute from '../../src/app/api/trpc/[trpc]/route';
import * as audioRoute from '../../src/app/api/v1/recordings/[sessionId]/audio/route';
import { stampClientAddress } from '../../src/server/http/client-address';

export type PhoneAppServer = { origin: string; close: () => Promise<void> };

const AUDIO = /^\/api\/v1\/recordings\/([^/]+)\/audio$/;

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`${origin}${req.url ?? '/'}`, {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
  } as RequestInit);
}

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname.startsWith('/api/trpc/'))
    return request.method === 'GET' ? trpcRoute.GET(request) : trpcRoute.POST(request);
  const audio = AUDIO.exec(pathname);
  if (audio && request.method === 'POST')
    return audioRoute.POST(request, { params: Promise.resolve({ sessionId: audio[1]! }) });
  return new Response('not found', { status: 404 });
}

export async function startPhoneAppServer(): Promise<PhoneAppServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        stampClientAddress(req, 0);
        const response = await route(toRequest(req, origin));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal error' }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
