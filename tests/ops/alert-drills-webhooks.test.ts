// Alert drills for webhook ingest and the database pool: deliveries sent through the real route
// (signed by the providers' simulators), the registry scraped around each window of traffic,
// promtool run on the scraped series against docs/ops/prometheus/alerts.yml, and the console
// repair (Rotate secret, Create connection) made through its tRPC procedure and found in the
// audit trail. The pool is small here (DB_POOL_MAX=4) so the drill can hold all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool } from '../../src/server/db/client';
import { withSystemTx, withTenantTx } from '../../src/server/db/tx';
import { resetEnvForTests } from '../../src/server/env';
import { getJobStats } from '../../src/server/domain/jobs/queue-stats';
import { registerJobStats } from '../../src/server/obs/metrics';
import type { ProviderName } from '../../src/server/providers/types';
import { providerSimulators } from '../../src/server/simulators/registry';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { waitFor } from '../helpers/wait-for';
import { createConnection, PUBLIC_ORIGIN, send, uniqueId } from '../webhooks/helpers';
import { expectPromtool, hold, repeat, scrape, TARGET, valueIn, type Scrape } from './promtool';

const POOL_MAX = 4;
let tenant: TestTenant;
let admin: ReturnType<typeof callerFor>;

beforeAll(async () => {
  process.env.DB_POOL_MAX = String(POOL_MAX);
  resetEnvForTests();
  // As the web process does: the job gauges are read from the database at scrape time.
  registerJobStats(() => withSystemTx((tx) => getJobStats(tx)));
  tenant = await createTenant('drill-hooks');
  admin = callerFor(tenant.owner);
});
afterAll(() => {
  delete process.env.DB_POOL_MAX;
});

const auditEntries = (action: string, subject: string) =>
  withTenantTx(tenant.tenantId, (tx) => tx.auditEntry.findMany({ where: { action, subject } }));

/** `count` deliveries of `provider` to `url`, signed with `secret`; their HTTP statuses. */
async function deliver(
  provider: ProviderName,
  url: string,
  secret: string,
  count: number,
): Promise<number[]> {
  const sim = providerSimulators[provider];
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = uniqueId();
    const response = await send(
      provider,
      sim.sign({ url, body: sim.sampleBody(id), secret, deliveryId: id }),
    );
    statuses.push(response.status);
  }
  return statuses;
}

/** Scrapes before and after a window of traffic. */
async function window(traffic: () => Promise<unknown>): Promise<readonly [Scrape, Scrape]> {
  const from = await scrape();
  await traffic();
  return [from, await scrape()] as const;
}

/** Deliveries a minute in the drills: above both alerts' rates (0.05/s and 0.1/s) when refused. */
const PER_WINDOW = 12;
const perSecond = (n: number) => (n / 60).toFixed(2);

describe('alert drills: webhooks and the database pool', () => {
  it('WebhookSignatureFailuresSpiking: Stripe signing with another connection’s secret; Webhooks → Rotate secret', async () => {
    const connection = await createConnection(tenant, 'stripe');
    const other = await createConnection(tenant, 'stripe');
    const [h0, h1] = await window(async () =>
      expect(await deliver('stripe', connection.url, connection.secret, PER_WINDOW)).toEqual(
        Array(PER_WINDOW).fill(200),
      ),
    );
    // The provider's endpoint is configured with the other connection's secret.
    const [f0, f1] = await window(async () =>
      expect(await deliver('stripe', connection.url, other.secret, PER_WINDOW)).toEqual(
        Array(PER_WINDOW).fill(401),
      ),
    );
    expect(
      (valueIn(f1, 'webhooks_rejected_total', {
        provider: 'stripe',
        reason: 'invalid_signature',
      }) ?? 0) -
        (valueIn(f0, 'webhooks_rejected_total', {
          provider: 'stripe',
          reason: 'invalid_signature',
        }) ?? 0),
    ).toBe(PER_WINDOW);

    // The console's Rotate secret; the new secret is entered at the provider.
    const rotated = await admin.webhooks.rotateSecret({ id: connection.id });
    const [r0, r1] = await window(async () =>
      expect(await deliver('stripe', connection.url, rotated.secret, PER_WINDOW)).toEqual(
        Array(PER_WINDOW).fill(200),
      ),
    );
    const [audit] = await auditEntries(
      'webhook_connection.rotated',
      `webhook_connection:${connection.id}`,
    );
    expect(audit).toMatchObject({ actorId: tenant.owner.userId });

    await expectPromtool('WebhookSignatureFailuresSpiking', [
      { name: 'healthy: verified deliveries', phases: [repeat(h0, h1, 20)], fires: [] },
      {
        name: 'every delivery signed with the wrong secret',
        phases: [repeat(h0, h1, 5), repeat(f0, f1, 15)],
        fires: [
          {
            labels: { severity: 'page', provider: 'stripe' },
            annotations: {
              summary: 'stripe webhooks failing signature checks',
              description: `stripe deliveries rejected for an invalid or missing signature at ${perSecond(PER_WINDOW)}/s, over a quarter of all its deliveries: events are not being stored (the provider retries for a while, then gives up).`,
              runbook_url: 'docs/runbooks/webhook-signature-failures-spiking.md',
            },
          },
        ],
      },
      { name: 'after Rotate secret', phases: [repeat(r0, r1, 20)], fires: [] },
    ]);
  });

  it('WebhookRejectionsHigh: Shopify calling a connection that does not exist; Webhooks → Create connection', async () => {
    const connection = await createConnection(tenant, 'shopify');
    const [h0, h1] = await window(async () =>
      expect(await deliver('shopify', connection.url, connection.secret, PER_WINDOW)).toEqual(
        Array(PER_WINDOW).fill(200),
      ),
    );
    // The URL configured at the provider names a connection that is gone (or never existed).
    const gone = `${PUBLIC_ORIGIN}/api/webhooks/shopify/whc_${'Q'.repeat(24)}`;
    const [f0, f1] = await window(async () =>
      expect(await deliver('shopify', gone, connection.secret, PER_WINDOW)).toEqual(
        Array(PER_WINDOW).fill(404),
      ),
    );

    // The runbook's repair: Create connection, then its URL and secret go to the provider.
    const created = await admin.webhooks.createConnection({
      provider: 'shopify',
      label: 'shopify (again)',
    });
    const [r0, r1] = await window(async () =>
      expect(
        await deliver('shopify', `${PUBLIC_ORIGIN}${created.path}`, created.secret, PER_WINDOW),
      ).toEqual(Array(PER_WINDOW).fill(200)),
    );
    const [audit] = await auditEntries(
      'webhook_connection.created',
      `webhook_connection:${created.id}`,
    );
    expect(audit).toMatchObject({ actorId: tenant.owner.userId });

    await expectPromtool('WebhookRejectionsHigh', [
      { name: 'healthy: deliveries stored', phases: [repeat(h0, h1, 40)], fires: [] },
      {
        name: 'every delivery to an unknown connection',
        phases: [repeat(h0, h1, 5), repeat(f0, f1, 35)],
        fires: [
          {
            labels: { severity: 'ticket', provider: 'shopify', reason: 'unknown_connection' },
            annotations: {
              summary: 'shopify webhooks rejected: unknown_connection',
              description: `shopify deliveries rejected with reason unknown_connection at ${perSecond(PER_WINDOW)}/s for 15 minutes.`,
              runbook_url: 'docs/runbooks/webhook-rejections-high.md',
            },
          },
        ],
      },
      { name: 'after Create connection', phases: [repeat(r0, r1, 40)], fires: [] },
    ]);
  });

  it('DbPoolExhausted: long transactions hold every connection while a console request waits; pg_cancel_backend ends them', async () => {
    const pool = getPool();
    const healthy = await scrape();
    expect(valueIn(healthy, 'db_pool_max', { pool: 'app' })).toBe(POOL_MAX);

    // POOL_MAX transactions each running a runaway query (as the app role, in the tenant scope).
    const runaway = Array.from({ length: POOL_MAX }, () =>
      withTenantTx(tenant.tenantId, (tx) => tx.$executeRaw`SELECT pg_sleep(60)`, {
        timeoutMs: 90_000,
      }).then(
        () => 'finished',
        (error: unknown) => String(error),
      ),
    );
    await waitFor(() =>
      Promise.resolve(pool.totalCount - pool.idleCount === POOL_MAX && pool.waitingCount === 0),
    );
    // A console page's request now queues for a connection; Prisma gives up on it after 5 s.
    const page = admin.webhooks.listConnections().then(
      () => 'answered',
      (error: unknown) => String(error),
    );
    await waitFor(() => Promise.resolve(pool.waitingCount > 0));
    // The scrape's own job-gauge read waits too, and gives up after 5 s: the scrape still answers.
    const failing = await scrape();
    expect(valueIn(failing, 'db_pool_in_use', { pool: 'app' })).toBe(POOL_MAX);
    expect(valueIn(failing, 'db_pool_waiting', { pool: 'app' })).toBeGreaterThan(0);
    expect(await page).toMatch(/time|connect/i);

    // The runbook's repair: find the long transactions in pg_stat_activity and cancel them.
    const cancelled = await ownerQuery<{ pid: number; cancelled: boolean }>(
      `SELECT pid, pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
        WHERE application_name LIKE 'switchboard-%' AND datname = current_database()
          AND state <> 'idle' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()`,
    );
    expect(cancelled).toHaveLength(POOL_MAX);
    expect(await Promise.all(runaway)).toEqual(
      Array(POOL_MAX).fill(expect.stringMatching(/cancel/i) as unknown),
    );
    const repaired = await scrape();
    expect(valueIn(repaired, 'db_pool_waiting', { pool: 'app' })).toBe(0);

    await expectPromtool('DbPoolExhausted', [
      { name: 'healthy scrape', phases: [hold(healthy, 10)], fires: [] },
      {
        name: 'every connection in use, callers waiting',
        phases: [hold(healthy, 2), hold(failing, 8)],
        fires: [
          {
            labels: { severity: 'page', pool: 'app', ...TARGET },
            annotations: {
              summary: `Database pool exhausted on ${TARGET.instance}`,
              description: `Pool app of ${TARGET.job} (${TARGET.instance}) has had every connection in use and callers waiting for 5 minutes: requests and jobs stall, then time out after 5 s.`,
              runbook_url: 'docs/runbooks/db-pool-exhausted.md',
            },
          },
        ],
      },
      {
        name: 'after the long transactions were cancelled',
        phases: [hold(repaired, 10)],
        fires: [],
      },
    ]);
  });
});
