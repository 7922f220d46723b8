// A tiny node:http server on 127.0.0.1 in front of the real route handlers: the Twilio
// simulator's Messages.json and the webhook ingest. The twilio SDK and the status job
// then talk real HTTP to it, like to a running app.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as messagesRoute from '../../src/app/api/simulators/twilio/2010-04-01/Accounts/[accountSid]/Messages.json/route';
import * as webhookRoute from '../../src/app/api/webhooks/[provider]/[connection]/route';
import * as callRoute from '../../src/app/api/simulators/twilio/2010-04-01/Accounts/[accountSid]/Calls/[callFile]/route';
import { resetEnvForTests } from '../../src/server/env';

export type TestApp = { origin: string; close: () => Promise<void> };

const MESSAGES = /^\/api\/simulators\/twilio\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const WEBHOOK = /^\/api\/webhooks\/([^/]+)\/([^/]+)$/;
const CALL = /^\/api\/simulators\/twilio\/2010-04-01\/Accounts\/([^/]+)\/Calls\/([^/]+)$/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const messages = MESSAGES.exec(pathname);
  if (messages && request.method === 'POST')
    return messagesRoute.POST(request, { params: Promise.resolve({ accountSid: messages[1]! }) });
  if (messages && request.method === 'GET')
    return messagesRoute.GET(request, { params: Promise.resolve({ accountSid: messages[1]! }) });
  const call = CALL.exec(pathname);
  if (call && request.method === 'GET')
    return callRoute.GET(request, {
      params: Promise.resolve({ accountSid: call[1]!, callFile: call[2]! }),
    });
  const webhook = WEBHOOK.exec(pathname);
  if (webhook && request.method === 'POST')
    return webhookRoute.POST(request, {
      params: Promise.resolve({ provider: webhook[1]!, connection: webhook[2]! }),
    });
  return new Response('not found', { status: 404 });
}

/** Starts the server and points APP_URL (where the SDK finds the simulator) at it. */
export async function startTestApp(): Promise<TestApp> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers.set(name, value);
        const method = req.method ?? 'GET';
        const request = new Request(`${origin}${req.url ?? '/'}`, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
        });
        const response = await route(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.APP_URL = origin;
  resetEnvForTests();
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Sets (or with undefined, clears) environment variables for the rest of the file. */
export function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
}

/**
 * The Twilio simulator over HTTP, real credentials cleared, no failures injected; `overrides` adds
 * what the file needs (e.g. SIM_TWILIO_STATUS_DELAY_MS to hold delivery reports back).
 */
export function useHttpTwilioSimulator(overrides: Record<string, string | undefined> = {}): void {
  setEnv({
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    SIM_TWILIO_MODE: 'http',
    SIM_TWILIO_FAIL_RATE: '0',
    ...overrides,
  });
}

/** A body whose hash puts it below (or above) the given failure rate. */
export function bodyOnSide(rate: number, below: boolean, fraction: (b: string) => number): string {
  for (let i = 0; i < 10_000; i += 1) {
    const body = `Deterministic probe ${i}`;
    if (fraction(body) < rate === below) return body;
  }
  throw new Error('no body found');
}
