// The OpenAI simulator's route handlers behind a node:http server on 127.0.0.1, and the app's
// environment pointed at it (OPENAI_API_KEY = the simulator's key, OPENAI_BASE_URL = its /v1):
// the answering engine then talks real HTTP to it, as to api.openai.com. Set behaviours with
// setOpenAiBehaviour (src/server/simulators/openai/behaviour.ts), e.g.
//   await setOpenAiBehaviour('*', { mode: 'slow', delayMs: 3000 });
//   await setOpenAiBehaviour(`user:${tenantId}`, { mode: 'fail', status: 503 }, { times: 1 });
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as chatRoute from '../../src/app/api/simulators/openai/v1/chat/completions/route';
import * as modelsRoute from '../../src/app/api/simulators/openai/v1/models/route';
import * as behaviourRoute from '../../src/app/api/simulators/openai/behaviour/route';
import * as speechRoute from '../../src/app/api/simulators/openai/v1/audio/speech/route';
import { resetEnvForTests } from '../../src/server/env';

export const SIM_OPENAI_TEST_KEY = 'sim_openai_test_key';

export type OpenAiSimulator = {
  origin: string;
  /** What OPENAI_BASE_URL is set to. */
  baseUrl: string;
  /** Stops the server and unsets OPENAI_API_KEY / OPENAI_BASE_URL (back to the built-in answerer). */
  close: () => Promise<void>;
};

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/simulators/openai/v1/chat/completions' && request.method === 'POST')
    return chatRoute.POST(request);
  if (pathname === '/api/simulators/openai/v1/models' && request.method === 'GET')
    return modelsRoute.GET(request);
  if (pathname === '/api/simulators/openai/v1/audio/speech' && request.method === 'POST')
    return speechRoute.POST(request);
  if (pathname === '/api/simulators/openai/behaviour') return behaviourRoute.GET(request); // one handler for GET, PUT and DELETE
  return new Response('not found', { status: 404 });
}

export async function startOpenAiSimulator(
  env: { timeoutMs?: number; model?: string } = {},
): Promise<OpenAiSimulator> {
  let origin = '';
  const controllers = new Set<AbortController>();
  const server: Server = createServer((req, res) => {
    // A client that gives up (timeout) closes its socket: end the simulated wait as well.
    const controller = new AbortController();
    controllers.add(controller);
    res.on('close', () => (controller.abort(), controllers.delete(controller)));
    void (async () => {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers.set(name, value);
        const method = req.method ?? 'GET';
        const request = new Request(`${origin}${req.url ?? '/'}`, {
          method,
          headers,
          body:
            method === 'GET' || method === 'DELETE'
              ? undefined
              : new Uint8Array(Buffer.concat(chunks)),
          signal: controller.signal,
        });
        const response = await route(request);
        if (res.destroyed) return;
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        if (res.destroyed) return;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/api/simulators/openai/v1`;
  process.env.SIM_OPENAI_API_KEY = SIM_OPENAI_TEST_KEY;
  process.env.OPENAI_API_KEY = SIM_OPENAI_TEST_KEY;
  process.env.OPENAI_BASE_URL = baseUrl;
  if (env.timeoutMs) process.env.OPENAI_TIMEOUT_MS = String(env.timeoutMs);
  if (env.model) process.env.OPENAI_MODEL = env.model;
  resetEnvForTests();
  return {
    origin,
    baseUrl,
    close: async () => {
      for (const c of controllers) c.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      delete process.env.OPENAI_API_KEY;
      delete process.env.OPENAI_BASE_URL;
      delete process.env.OPENAI_TIMEOUT_MS;
      delete process.env.OPENAI_MODEL;
      resetEnvForTests();
    },
  };
}
