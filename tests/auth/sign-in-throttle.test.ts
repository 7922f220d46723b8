// Password guessing through the real sign-in path (next-auth's authorize → attemptSignIn on real
// Postgres): free failures, then locks that grow; unknown e-mails answered exactly like known
// ones; parallel guesses serialised; the address counted apart from the account; counted.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getAuthOptions, SIGN_IN_THROTTLED_PREFIX } from '../../src/server/auth/options';
import { CLIENT_ADDRESS_HEADER } from '../../src/lib/http/client-ip';
import { ACCOUNT_FREE_FAILURES } from '../../src/server/domain/auth/sign-in-throttle';
import { createTenant, ownerQuery, TEST_PASSWORD } from '../helpers/fixtures';
import { metricValue } from '../helpers/metrics';

type Authorize = (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<unknown>;

process.env.NEXTAUTH_SECRET ??= 'test-secret-for-sign-in-throttle';

function authorize(): Authorize {
  const provider = getAuthOptions().providers[0] as unknown as {
    options: { authorize: Authorize };
  };
  return provider.options.authorize;
}

// A new address per call, from a counter: a random one out of 250 sometimes repeated an address an
// earlier test had failed from, and its failures counted here (the spray test then locked early).
let lastAddress = 0;
const address = () => `198.51.100.${++lastAddress}`;

/** 'success' | 'invalid' | the throttled message. */
async function attempt(email: string, password: string, from: string): Promise<string> {
  try {
    const user = await authorize()(
      { email, password },
      { headers: { [CLIENT_ADDRESS_HEADER]: from } },
    );
    return user ? 'success' : 'invalid';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('sign-in throttling', () => {
  it('allows the free failures, then locks the account for a growing time, right password included', async () => {
    const tenant = await createTenant('throttle');
    const from = address();
    const results: string[] = [];
    for (let i = 0; i <= ACCOUNT_FREE_FAILURES; i++)
      results.push(await attempt(tenant.owner.email, 'wrong password', from));
    expect(results).toEqual(Array(ACCOUNT_FREE_FAILURES + 1).fill('invalid'));
    // The sixth failure locked it for 1 s: even the right password is refused now.
    const locked = await attempt(tenant.owner.email, TEST_PASSWORD, from);
    expect(locked).toBe(`${SIGN_IN_THROTTLED_PREFIX} Try again in 1 seconds.`);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await attempt(tenant.owner.email, 'wrong again', from)).toBe('invalid');
    // The next lock is twice as long.
    expect(await attempt(tenant.owner.email, TEST_PASSWORD, from)).toBe(
      `${SIGN_IN_THROTTLED_PREFIX} Try again in 2 seconds.`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await attempt(tenant.owner.email, TEST_PASSWORD, from)).toBe('success');
    // Success forgets the account's failures.
    expect(await attempt(tenant.owner.email, 'one slip', from)).toBe('invalid');
    expect(await attempt(tenant.owner.email, TEST_PASSWORD, from)).toBe('success');
  }, 30_000);

  it('answers an e-mail with no account exactly like one with', async () => {
    const tenant = await createTenant('throttle-known');
    const unknown = `nobody-${randomBytes(4).toString('hex')}@example.test`;
    const known: string[] = [];
    const stranger: string[] = [];
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 2; i++) {
      known.push(await attempt(tenant.owner.email, 'wrong', address()));
      stranger.push(await attempt(unknown, 'wrong', address()));
    }
    expect(stranger).toEqual(known);
    expect(known.at(-1)).toContain(SIGN_IN_THROTTLED_PREFIX);
  }, 30_000);

  it('serialises parallel guesses: 20 at once count 6 failures and refuse the rest', async () => {
    const tenant = await createTenant('throttle-burst');
    const before = await metricValue('sign_in_attempts_total', { outcome: 'throttled' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => attempt(tenant.owner.email, 'guess', address())),
    );
    expect(results.filter((r) => r === 'invalid')).toHaveLength(ACCOUNT_FREE_FAILURES + 1);
    expect(results.filter((r) => r.startsWith(SIGN_IN_THROTTLED_PREFIX))).toHaveLength(
      20 - ACCOUNT_FREE_FAILURES - 1,
    );
    expect(await metricValue('sign_in_attempts_total', { outcome: 'throttled' })).toBe(
      before + 20 - ACCOUNT_FREE_FAILURES - 1,
    );
  }, 30_000);

  it('counts an address across accounts, and locks it after its own free failures', async () => {
    const from = address();
    const results: string[] = [];
    for (let i = 0; i < 31; i++)
      results.push(
        await attempt(`spray-${i}-${randomBytes(3).toString('hex')}@example.test`, 'x', from),
      );
    expect(results.slice(0, 31)).toEqual(Array(31).fill('invalid'));
    const next = await attempt(
      `spray-last-${randomBytes(3).toString('hex')}@example.test`,
      'x',
      from,
    );
    expect(next).toContain(SIGN_IN_THROTTLED_PREFIX);
    // Another address is not affected.
    expect(await attempt(`spray-other@example.test`, 'x', address())).toBe('invalid');
    const [row] = await ownerQuery<{ failures: number }>(
      'SELECT failures FROM sign_in_throttles WHERE key = $1',
      [`address:${from}`],
    );
    expect(row?.failures).toBe(31);
  }, 60_000);
});
