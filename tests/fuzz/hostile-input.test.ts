// Property-based fuzzing of every boundary a client or provider can reach: every tRPC procedure
// of the router (as createCaller input and over HTTP through the route handler, so the answer is
// what a client sees) and every webhook provider of the registry (validly signed by its
// simulator, hostile inside). Procedures and providers are enumerated, never listed: a new one
// is fuzzed the day it is added. For each case:
//   - no 5xx (tRPC: no INTERNAL_SERVER_ERROR), nothing thrown out of a route;
//   - no internals in the answer (Prisma, stack frames, source paths, SQL states…);
//   - a refused request changed no table (row counts and contents, db-state.ts).
// FUZZ_SCALE=n multiplies the runs (default sized for about a minute on two cores).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { appRouter } from '../../src/server/trpc/root';
import { resetEnvForTests } from '../../src/server/env';
import { webhookProviders } from '../../src/server/providers/registry';
import { providerSimulators } from '../../src/server/simulators/registry';
import type { ProviderName } from '../../src/server/providers/types';
import type { Principal } from '../../src/server/domain/auth/principal';
import * as trpcRoute from '../../src/app/api/trpc/[trpc]/route';
import { addPerson, callerFor, createTenant, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { createConnection, send, type TestConnection } from '../webhooks/helpers';
import { changedTables, DatabaseState } from './db-state';
import { internalsIn } from './answers';
import { inputFor } from './from-schema';
import { jsonText } from './json-text';
import { hostileBodyFrom } from './webhook-bodies';

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = {
  caller: Math.round(30 * SCALE),
  http: Math.round(15 * SCALE),
  webhook: Math.round(80 * SCALE),
};
const CALL_TIMEOUT_MS = 15_000;

type ProcedureDef = { _def: { type: string; inputs: unknown[] } };
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
).map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs }));
const providers = Object.keys(webhookProviders) as ProviderName[];

type Count = { runs: number; accepted: number; refused: number };
const tally = new Map<string, Count>();
function count(name: string, accepted: boolean): void {
  const c = tally.get(name) ?? { runs: 0, accepted: 0, refused: 0 };
  c.runs += 1;
  if (accepted) c.accepted += 1;
  else c.refused += 1;
  tally.set(name, c);
}

const startedAt = Date.now();
let tenant: TestTenant;
let admin: Principal;
let bearer: string;
let keyCounter = 0;
const idempotencyKey = () => `fuzz-${process.pid}-${++keyCounter}`;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${CALL_TIMEOUT_MS} ms`)),
      CALL_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The message and detail of any failure, for fast-check's report. */
function fail(what: string, input: unknown): never {
  throw new Error(`${what}\n  input: ${fc.stringify(input).slice(0, 2000)}`);
}

beforeAll(async () => {
  // The fuzz makes thousands of calls a minute as one tenant; the API limit is not under test here.
  process.env.API_RATE_LIMIT_PER_MINUTE = '1000000';
  resetEnvForTests();
  tenant = await createTenant('fuzz');
  admin = await addPerson(tenant, 'ADMIN');
  bearer = await bearerFor(admin);
});

afterAll(() => {
  const rows = [...tally.entries()].map(([name, c]) => ({ case: name, ...c }));
  const total = rows.reduce((n, r) => n + r.runs, 0);
  console.log(
    `fuzz: ${total} cases in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (FUZZ_SCALE=${SCALE})`,
  );
  console.table(rows);
});

describe('tRPC: every procedure, hostile input', () => {
  const db = new DatabaseState();
  beforeAll(async () => {
    await db.open();
    // A few objects for id fields to name (knownIds), so a call gets past its lookup.
    const as = () => callerFor(admin, { 'idempotency-key': idempotencyKey() });
    await as().contacts.create({ phone: '+4915112345678', tags: ['fuzz'], consent: 'GRANTED' });
    await as().campaigns.create({ name: 'Fuzz draft', body: 'Hello {{first_name}}' });
    await as().ops.probe({ failTimes: 0, note: 'fuzz' });
    await createConnection(tenant, 'stripe');
  });
  afterAll(() => db.close());

  it('enumerates the router, and its no-write check sees a write', async () => {
    expect(procedures.length).toBeGreaterThan(10);
    const before = await db.read();
    await callerFor(admin).apiTokens.create({ name: 'fuzz check' });
    expect(changedTables(before, await db.read())).toEqual(
      expect.arrayContaining(['public.api_tokens', 'public.audit_entries']),
    );
  });

  /** Direct call through createCaller, as server components and tests make it. */
  async function callDirect(path: string, input: unknown): Promise<TRPCError | null> {
    let target: unknown = callerFor(admin, { 'idempotency-key': idempotencyKey() });
    for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
    try {
      await withTimeout((target as (input: unknown) => Promise<unknown>)(input), path);
      return null;
    } catch (error) {
      if (error instanceof TRPCError) return error;
      return fail(`${path} threw a non-tRPC error: ${String(error)}`, input);
    }
  }

  /** Over HTTP through the real route handler (error formatter, onError and all). */
  async function callHttp(path: string, type: string, input: unknown): Promise<Response> {
    const text = jsonText(input);
    const url = new URL(`http://switchboard.test/api/trpc/${path}`);
    const headers = {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey(),
    };
    if (type === 'query') {
      if (text !== undefined) url.searchParams.set('input', text);
      return withTimeout(trpcRoute.GET(new Request(url, { headers })), path);
    }
    return withTimeout(
      trpcRoute.POST(new Request(url, { method: 'POST', headers, body: text ?? '' })),
      path,
    );
  }

  for (const { path, type, inputs } of procedures) {
    it(`${path} (${type})`, { timeout: 120_000 }, async () => {
      const pool = { ids: await db.knownIds(tenant.tenantId, admin.userId) };
      let before = await db.read();
      const settle = async (refused: boolean, input: unknown) => {
        const after = await db.read();
        const changed = changedTables(before, after);
        before = after;
        if (refused && changed.length > 0)
          fail(`${path}: refused, yet it changed ${changed.join(', ')}`, input);
      };

      await fc.assert(
        fc.asyncProperty(inputFor(inputs, pool, path), async (input) => {
          const response = await callHttp(path, type, input);
          const body = await response.text();
          count(`trpc http ${path}`, response.ok);
          // The text first: a 500 that names Prisma says more than its status.
          const leaked = internalsIn(body);
          if (leaked.length > 0)
            fail(`${path}: the answer names ${leaked.join(', ')}: ${body.slice(0, 500)}`, input);
          if (response.status >= 500)
            fail(`${path}: HTTP ${response.status} ${body.slice(0, 500)}`, input);
          await settle(!response.ok, input);
        }),
        { numRuns: RUNS.http },
      );

      await fc.assert(
        fc.asyncProperty(inputFor(inputs, pool, path), async (input) => {
          const error = await callDirect(path, input);
          count(`trpc caller ${path}`, error === null);
          if (error?.code === 'INTERNAL_SERVER_ERROR')
            fail(`${path}: INTERNAL_SERVER_ERROR (${error.message.slice(0, 500)})`, input);
          const leaked = error ? internalsIn(error.message) : [];
          if (leaked.length > 0)
            fail(
              `${path}: the error names ${leaked.join(', ')}: ${error?.message.slice(0, 500)}`,
              input,
            );
          await settle(error !== null, input);
        }),
        { numRuns: RUNS.caller },
      );
    });
  }
});

describe('webhooks: every provider, signed hostile bodies', () => {
  // A delivery refused as malformed is kept as a REJECTED row by design; nothing else may change.
  const db = new DatabaseState();
  const connections = new Map<ProviderName, TestConnection>();
  beforeAll(async () => {
    for (const provider of providers)
      connections.set(provider, await createConnection(tenant, provider));
    await db.open({ webhook_events: `x.status <> 'REJECTED'` });
  });
  afterAll(() => db.close());

  it('enumerates the registry, with a simulator for each provider', () => {
    expect(providers.length).toBeGreaterThan(0);
    for (const provider of providers) expect(providerSimulators[provider]).toBeDefined();
  });

  const deliveryId = fc.oneof(
    { weight: 6, arbitrary: fc.uuid({ version: 4 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e]{200,300}$/) },
    { weight: 1, arbitrary: fc.constantFrom(' ', 'a b', '\t', '%00', '..', '"') },
  );

  for (const provider of providers) {
    it(provider, { timeout: 120_000 }, async () => {
      const simulator = providerSimulators[provider];
      const connection = connections.get(provider)!;
      let before = await db.read();
      const cases = fc.tuple(
        fc
          .stringMatching(/^[0-9a-f]{24}$/)
          .chain((id) => hostileBodyFrom(simulator.sampleBody(id))),
        deliveryId,
      );
      await fc.assert(
        fc.asyncProperty(cases, async ([body, id]) => {
          const delivery = simulator.sign({
            url: connection.url,
            body: body.text,
            secret: connection.secret,
            deliveryId: id,
            ...(body.contentType ? { contentType: body.contentType } : {}),
          });
          let response: Response;
          try {
            response = await withTimeout(send(provider, delivery), provider);
          } catch (error) {
            return fail(`${provider} (${body.what}): the route threw ${String(error)}`, body.text);
          }
          const text = await response.text();
          count(`webhook ${provider}`, response.ok);
          if (response.status >= 500)
            fail(
              `${provider} (${body.what}): HTTP ${response.status} ${text.slice(0, 500)}`,
              body.text,
            );
          const leaked = internalsIn(text);
          if (leaked.length > 0)
            fail(
              `${provider} (${body.what}): the answer names ${leaked.join(', ')}: ${text}`,
              body.text,
            );
          const after = await db.read();
          const changed = changedTables(before, after);
          before = after;
          if (!response.ok && changed.length > 0)
            fail(
              `${provider} (${body.what}): refused (${response.status}), yet it changed ${changed.join(', ')}`,
              body.text,
            );
        }),
        { numRuns: RUNS.webhook },
      );
    });
  }
});
