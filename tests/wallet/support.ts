// Wallet test helpers: money moved through the domain in its own tenant transaction, the ledger
// invariants asserted, and a real HTTP endpoint for the Checkout simulator to post to.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { withTenantTx } from '../../src/server/db/tx';
import { checkLedgerInvariants, creditTopUp } from '../../src/server/domain/wallet';
import { stripeSimulator } from '../../src/server/simulators/stripe/deliveries';
import {
  checkoutSessionEvent,
  type CheckoutEventInput,
} from '../../src/server/simulators/stripe/checkout-event';
import { getCheckoutSimulator } from '../../src/server/simulators/clients';
import { ownerQuery } from '../helpers/fixtures';
import { send, sendRequest, type TestConnection } from '../webhooks/helpers';

export async function expectBooksBalanced(tenantId: string): Promise<void> {
  const violations = await withTenantTx(tenantId, (tx) => checkLedgerInvariants(tx, { tenantId }));
  expect(violations).toEqual([]);
}

export async function grantCredits(
  tenantId: string,
  credits: number,
  key = `grant:${Math.random().toString(36).slice(2)}`,
): Promise<void> {
  await withTenantTx(tenantId, (tx) =>
    creditTopUp(tx, { tenantId, idempotencyKey: key, credits, description: 'test grant' }),
  );
}

export type LedgerRow = {
  kind: string;
  amount: number;
  balance_after: number;
  idempotency_key: string;
  reservation_id: string | null;
};

export async function ledgerOf(tenantId: string): Promise<LedgerRow[]> {
  return ownerQuery<LedgerRow>(
    'SELECT kind::text AS kind, amount, balance_after, idempotency_key, reservation_id FROM credit_transactions WHERE tenant_id = $1 ORDER BY seq',
    [tenantId],
  );
}

export async function auditActions(
  tenantId: string,
  prefix: string,
): Promise<{ action: string; detail: Record<string, unknown> }[]> {
  return ownerQuery(
    'SELECT action, detail FROM audit_entries WHERE tenant_id = $1 AND action LIKE $2 ORDER BY created_at',
    [tenantId, `${prefix}%`],
  );
}

/**
 * The customer pays on the simulator's hosted page: from now on "Stripe" reports the session
 * paid. No event is sent (tests send their own with sendCheckoutEvent).
 */
export async function payInSimulator(checkoutSessionId: string): Promise<void> {
  const simulator = getCheckoutSimulator();
  if (!simulator) throw new Error('the Checkout simulator is not active (STRIPE_SECRET_KEY set?)');
  expect(await simulator.payCheckoutSession(checkoutSessionId)).toMatchObject({
    id: checkoutSessionId,
    paymentStatus: 'paid',
  });
}

/** A Checkout event for `session`, signed with the connection's secret and sent to the real route. */
export async function sendCheckoutEvent(
  connection: TestConnection,
  input: CheckoutEventInput,
): Promise<{ eventId: string; body: string; response: Response }> {
  const { eventId, body } = checkoutSessionEvent(input);
  const response = await send(
    'stripe',
    stripeSimulator.sign({ url: connection.url, body, secret: connection.secret }),
  );
  return { eventId, body, response };
}

type StripeEndpoint = { baseUrl: string; close: () => Promise<void> };

/**
 * For the whole file: the Stripe endpoint below, with APP_URL pointing at it (where the Checkout
 * simulator posts its signed events). Returns a getter for the running endpoint.
 */
export function stripeEndpointForFile(): () => StripeEndpoint {
  let endpoint: StripeEndpoint | undefined;
  beforeAll(async () => {
    endpoint = await startStripeEndpoint();
    process.env.APP_URL = endpoint.baseUrl;
    resetEnvForTests();
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  return () => {
    if (!endpoint) throw new Error('the Stripe endpoint is not running (outside the tests?)');
    return endpoint;
  };
}

/**
 * The webhook route behind a real node:http listener (where the simulators POST): Stripe's, or
 * the provider the path names (/api/webhooks/<provider>/…; the call simulator posts Twilio's).
 * The request keeps the Host it came with: Twilio signs the whole URL, port included.
 */
export async function startStripeEndpoint(): Promise<StripeEndpoint> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers.set(name, value);
      const provider = /^\/api\/webhooks\/([a-z]+)\//.exec(req.url ?? '')?.[1] ?? 'stripe';
      const response = await sendRequest(
        provider,
        new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
          method: req.method,
          headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(response.status, {
        'content-type': response.headers.get('content-type') ?? 'text/plain',
      });
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
