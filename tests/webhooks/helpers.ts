// Webhook test helpers: connections made through the admin procedures, deliveries signed by the
// providers' simulators (their SDKs where they have one) and sent to the real route handlers.
import { randomBytes } from 'node:crypto';
import type { ProviderName } from '../../src/server/providers/types';
import { toRequest, type SimulatedDelivery } from '../../src/server/simulators/types';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

// Shared with the other test folders; re-exported because every webhook test takes it from here.
export { metricValue } from '../helpers/metrics';
import * as webhookRoute from '../../src/app/api/webhooks/[provider]/[connection]/route';

type RouteContext = { params: Promise<{ connection: string }> };
type Handler = (request: Request, context: RouteContext) => Promise<Response>;

/** The one webhook route, as Next calls it for /api/webhooks/<provider>/<connection>. */
const post = (provider: string, request: Request) =>
  webhookRoute.POST(request, {
    params: Promise.resolve({ provider, connection: connectionOf(request.url) }),
  });

export const webhookGet = (provider: string, request: Request, connection: string) =>
  webhookRoute.GET(request, { params: Promise.resolve({ provider, connection }) });

export const whatsappGet: Handler = async (request, { params }) =>
  webhookGet('whatsapp', request, (await params).connection);

/** The public origin providers call (behind the proxy). */
export const PUBLIC_ORIGIN = 'https://hooks.switchboard.example';

export type TestConnection = {
  id: string;
  publicId: string;
  provider: ProviderName;
  secret: string;
  verifyToken: string | null;
  url: string;
};

export async function createConnection(
  tenant: TestTenant,
  provider: ProviderName,
): Promise<TestConnection> {
  const created = await callerFor(tenant.owner).webhooks.createConnection({
    provider,
    label: `${provider} test`,
  });
  return {
    id: created.id,
    publicId: created.publicId,
    provider,
    secret: created.secret,
    verifyToken: created.verifyToken,
    url: `${PUBLIC_ORIGIN}${created.path}`,
  };
}

export const uniqueId = () => randomBytes(12).toString('hex');

/** Path segment the route receives, read from the delivery URL like Next does. */
const connectionOf = (url: string) => new URL(url).pathname.split('/').pop() ?? '';

export async function send(
  provider: ProviderName,
  delivery: SimulatedDelivery,
  overrides: { url?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return post(provider, toRequest(delivery, overrides));
}

/** `provider` is a string so a test can name one that does not exist. */
export async function sendRequest(provider: string, request: Request): Promise<Response> {
  return post(provider, request);
}

export type EventRow = {
  id: string;
  tenant_id: string;
  event_id: string | null;
  event_type: string | null;
  status: string;
  reject_reason: string | null;
  raw_body: string | null;
  headers: Record<string, string>;
  attempts: number;
  processed_at: Date | null;
};

export async function eventsOf(connection: TestConnection): Promise<EventRow[]> {
  return ownerQuery<EventRow>(
    `SELECT id, tenant_id, event_id, event_type, status::text AS status, reject_reason, raw_body, headers, attempts, processed_at FROM webhook_events WHERE connection_id = $1 ORDER BY received_at`,
    [connection.id],
  );
}

export type JobRow = {
  id: string;
  key: string | null;
  task_identifier: string;
  payload: { tenantId: string; webhookEventId: string };
  attempts: number;
};

export async function jobsOf(tenantId: string): Promise<JobRow[]> {
  return ownerQuery<JobRow>(
    `SELECT j.id::text, j.key, t.identifier AS task_identifier, j.payload, j.attempts
       FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'webhooks.process' AND j.payload->>'tenantId' = $1`,
    [tenantId],
  );
}
