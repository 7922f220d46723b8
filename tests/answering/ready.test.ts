// /ready's answering checks: the knowledge index answers a search; the LLM endpoint (only when
// OPENAI_API_KEY is set) answers its model list with the configured model, and a hung or closed
// endpoint fails the check within its 1.5 s bound instead of hanging the probe.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { CHECK_TIMEOUT_MS, checkReadiness } from '../../src/server/health/readiness';
import { startOpenAiSimulator, type OpenAiSimulator } from '../helpers/openai-simulator';

const check = async (name: string) => (await checkReadiness()).checks.find((c) => c.name === name);

let hung: Server;
let other: Server;
let hungOrigin = '';
let otherOrigin = '';
const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
beforeAll(async () => {
  // Accepts the connection and never answers (a hung upstream).
  hung = createServer(() => undefined);
  hungOrigin = await listen(hung);
  // A compatible server that serves other models only.
  other = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'llama-3', object: 'model' }] }));
  });
  otherOrigin = await listen(other);
});
afterAll(async () => {
  for (const server of [hung, other]) {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

describe('/ready answering checks', () => {
  it('checks the knowledge index; no LLM check when none is configured', async () => {
    delete process.env.OPENAI_API_KEY;
    resetEnvForTests();
    const readiness = await checkReadiness();
    expect(readiness.checks.find((c) => c.name === 'knowledge')).toMatchObject({ ok: true });
    expect(readiness.checks.map((c) => c.name)).not.toContain('llm');
  });

  describe('with the LLM endpoint configured', () => {
    let sim: OpenAiSimulator;
    beforeAll(async () => {
      sim = await startOpenAiSimulator();
    });
    afterAll(() => sim.close());

    const pointAt = (baseUrl: string, model?: string) => {
      process.env.OPENAI_BASE_URL = baseUrl;
      if (model) process.env.OPENAI_MODEL = model;
      else delete process.env.OPENAI_MODEL;
      resetEnvForTests();
    };

    it('passes when the endpoint lists the configured model', async () => {
      pointAt(sim.baseUrl);
      expect(await check('llm')).toMatchObject({ ok: true, detail: 'model gpt-4o-mini listed' });
    });

    it('fails when the configured model is not listed', async () => {
      pointAt(`${otherOrigin}/v1`);
      expect(await check('llm')).toMatchObject({
        ok: false,
        detail: 'the endpoint does not list the model gpt-4o-mini',
      });
    });

    it('a hung endpoint fails the check within the bound', async () => {
      pointAt(`${hungOrigin}/v1`);
      const started = performance.now();
      const readiness = await checkReadiness();
      const took = performance.now() - started;
      expect(readiness.ok).toBe(false);
      expect(readiness.checks.find((c) => c.name === 'llm')).toMatchObject({ ok: false });
      expect(readiness.checks.find((c) => c.name === 'llm')?.detail).toMatch(
        /timeout|no answer|timed out/,
      );
      expect(took).toBeLessThan(CHECK_TIMEOUT_MS + 500);
    });

    it('a closed port fails the check at once', async () => {
      pointAt('http://127.0.0.1:9/v1');
      const started = performance.now();
      expect(await check('llm')).toMatchObject({ ok: false });
      expect(performance.now() - started).toBeLessThan(CHECK_TIMEOUT_MS + 500);
    });

    it('a wrong key fails the check', async () => {
      pointAt(sim.baseUrl);
      process.env.OPENAI_API_KEY = 'sk-not-the-simulator-key';
      process.env.SIM_OPENAI_API_KEY = 'sim_openai_test_key';
      resetEnvForTests();
      // The simulator is off for a foreign key (404), as for any key it does not know.
      expect(await check('llm')).toMatchObject({ ok: false });
    });
  });
});
