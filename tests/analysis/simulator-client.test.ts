// The outbound analysis client against the simulator over real HTTP: create (idempotent per key),
// GET (processing, then the result), the behaviours (delay, fail, drop, duplicate, API errors),
// classified errors and the provider metrics. State is read back from the simulator's tables.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as createRoute from '../../src/app/api/simulators/analysis/v1/jobs/route';
import * as getRoute from '../../src/app/api/simulators/analysis/v1/jobs/[id]/route';
import pg from 'pg';
import { getPool } from '../../src/server/db/client';
import { getRegistry } from '../../src/server/obs/metrics';
import { resetEnvForTests } from '../../src/server/env';
import { AnalysisApiError, AnalysisClient } from '../../src/server/providers/analysis/client';
import {
  clearAnalysisBehaviours,
  setAnalysisBehaviour,
} from '../../src/server/simulators/analysis/behaviour';
import { metricValue } from '../helpers/metrics';

let server: Server;
let origin = '';
const KEY = 'sim_analysis_test_key';

beforeAll(async () => {
  process.env.SIM_ANALYSIS_API_KEY = KEY;
  delete process.env.ANALYSIS_API_URL;
  resetEnvForTests();
  server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`${origin}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? new Uint8Array(Buffer.concat(chunks)) : undefined,
      });
      const path = new URL(request.url).pathname;
      const one = /^\/api\/simulators\/analysis\/v1\/jobs\/([^/]+)$/.exec(path);
      const response =
        path === '/api/simulators/analysis/v1/jobs' && req.method === 'POST'
          ? await createRoute.POST(request)
          : one && req.method === 'GET'
            ? await getRoute.GET(request, { params: Promise.resolve({ id: one[1]! }) })
            : new Response('not found', { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => clearAnalysisBehaviours());

const client = (apiKey = KEY) =>
  new AnalysisClient({ baseUrl: `${origin}/api/simulators/analysis`, apiKey, timeoutMs: 5_000 });
const audio = (seed: string) => new TextEncoder().encode(`fake audio ${seed}`);
const create = (seed: string, c = client()) =>
  c.createJob({
    recordingId: `rec_${seed}`,
    audio: audio(seed),
    contentType: 'audio/webm',
    callbackUrl: 'http://127.0.0.1:9/api/webhooks/analysis/whc_nowhere',
    idempotencyKey: `key-${seed}`,
    tag: 'tenant-1',
  });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AnalysisApiError,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('analysis client ↔ simulator', () => {
  it('creates once per idempotency key, answers processing, then the result with its hash', async () => {
    await setAnalysisBehaviour('recording:rec_a', { delayMs: 300 });
    const first = await create('a');
    const again = await create('a');
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ status: 'processing', result: null, output_hash: null });
    const { rows } = await getPool().query(
      "SELECT count(*)::int AS n FROM simulator_analysis_jobs WHERE recording_id = 'rec_a'",
    );
    expect(rows[0]).toEqual({ n: 1 });
    await sleep(400);
    const done = await client().getJob(first.id);
    expect(done.status).toBe('completed');
    expect(done.output_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(done.result?.summary.length).toBeGreaterThan(0);
    // The same audio gives the same result and hash.
    await setAnalysisBehaviour('recording:rec_b', { delayMs: 0 });
    const other = await client().createJob({
      recordingId: 'rec_b',
      audio: audio('a'),
      contentType: 'audio/webm',
      callbackUrl: 'http://127.0.0.1:9/x',
      idempotencyKey: 'key-b',
    });
    expect((await client().getJob(other.id)).output_hash).toBe(done.output_hash);
  });

  it('plans callbacks per behaviour: dropped none, duplicated 1 + n, failed jobs carry an error', async () => {
    await setAnalysisBehaviour('tag:tenant-1', { delayMs: 0, duplicates: 3, reorderMs: 1000 });
    await setAnalysisBehaviour('recording:rec_drop', { dropRate: 1 });
    await setAnalysisBehaviour('recording:rec_fail', { failRate: 1 });
    const dup = await create('dup');
    const dropped = await create('drop');
    const failed = await create('fail');
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    const planned = async (id: string) =>
      (
        await owner.query<{ planned: number; jobs: number }>(
          `SELECT callbacks_planned AS planned,
                  (SELECT count(*)::int FROM graphile_worker.jobs WHERE task_identifier = 'simulator.analysis-callback' AND key LIKE 'simulator.analysis-callback:' || $1 || ':%') AS jobs
             FROM simulator_analysis_jobs WHERE id = $1`,
          [id],
        )
      ).rows[0];
    expect(await planned(dup.id)).toEqual({ planned: 4, jobs: 4 });
    expect(await planned(dropped.id)).toEqual({ planned: 0, jobs: 0 });
    await owner.end();
    // completes_at is the database's now(), rounded to the millisecond: a moment later it is due.
    await sleep(20);
    expect(await client().getJob(failed.id)).toMatchObject({
      status: 'failed',
      result: null,
      error: expect.stringContaining('could not be transcribed') as unknown,
    });
  });

  it('classifies errors: 401/404/415 permanent, 503 and no answer transient; all counted', async () => {
    const errors = () =>
      metricValue('provider_api_errors_total', { provider: 'analysis', endpoint: 'jobs.get' });
    const before = await errors();
    expect(await errorOf(create('unauth', client('wrong_key_123')))).toMatchObject({
      kind: 'permanent',
      httpStatus: 401,
    });
    expect(await errorOf(client().getJob('aj_000000000000000000000000'))).toMatchObject({
      kind: 'permanent',
      httpStatus: 404,
      code: 'not_found',
    });
    const bad = await errorOf(
      client().createJob({
        recordingId: 'rec_x',
        audio: audio('x'),
        contentType: 'text/plain',
        callbackUrl: 'http://127.0.0.1:9/x',
        idempotencyKey: 'key-x',
      }),
    );
    expect(bad).toMatchObject({ kind: 'permanent', httpStatus: 415 });
    await setAnalysisBehaviour('*', { apiErrorRate: 1, delayMs: 0 });
    expect(await errorOf(create('busy'))).toMatchObject({ kind: 'transient', httpStatus: 503 });
    const closed = new AnalysisClient({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: KEY,
      timeoutMs: 1000,
    });
    expect(await errorOf(closed.getJob('aj_000000000000000000000000'))).toMatchObject({
      kind: 'transient',
      httpStatus: null,
    });
    expect((await errors()) - before).toBe(2);
    const histogram = await getRegistry()
      .getSingleMetric('provider_request_duration_seconds')
      ?.get();
    const creates = histogram?.values.find(
      (v) =>
        (v as { metricName?: string }).metricName === 'provider_request_duration_seconds_count' &&
        v.labels.provider === 'analysis' &&
        v.labels.endpoint === 'jobs.create',
    );
    expect(creates?.value).toBeGreaterThanOrEqual(5);
  });
});
