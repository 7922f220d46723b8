// The CSV upload counts against the tenant's API rate limit like any tRPC call (the same bucket):
// past API_RATE_LIMIT_PER_MINUTE it answers 429 with Retry-After and imports nothing.
import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { addPerson, createTenant, ownerQuery } from '../helpers/fixtures';
import { bearerFor, trpcPost } from '../kernel/support';
import { contactsOf, mobile, upload } from './support';

process.env.API_RATE_LIMIT_PER_MINUTE = '4';
resetEnvForTests();

const importsOf = (tenantId: string) =>
  ownerQuery<{ id: string }>('SELECT id FROM contact_imports WHERE tenant_id = $1', [tenantId]);

describe('POST /api/contacts/import and the API rate limit', () => {
  it('answers 429 with Retry-After once the tenant’s calls are spent, shared with tRPC calls', async () => {
    // Keep clear of a minute boundary so the whole test sits in one window.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const a = await createTenant('upload-limit');
    const b = await createTenant('upload-limit');
    const token = await bearerFor(a.owner); // one call of A's four

    expect((await upload(`phone\n${mobile(1)}\n`, { token })).status).toBe(200);
    // A refused role still counts, as a refused tRPC procedure does.
    const rep = await bearerFor(await addPerson(a, 'REP')); // a call too
    expect((await upload(`phone\n${mobile(2)}\n`, { token: rep })).status).toBe(403);

    const refused = await upload(`phone\n${mobile(3)}\n`, { token });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { error: string }).error).toContain(
      `retry after ${retryAfter} s`,
    );
    // Nothing of the refused upload was stored: one contact, one import (the first upload's).
    expect((await contactsOf(a.tenantId)).map((c) => c.phone)).toEqual([mobile(1)]);
    expect(await importsOf(a.tenantId)).toHaveLength(1);
    // The same bucket as tRPC calls: the tenant's next procedure call is refused too.
    expect((await trpcPost('contacts.create', { phone: mobile(4) }, auth(token))).status).toBe(429);

    // Other tenants are not affected.
    const tokenB = await bearerFor(b.owner);
    expect((await upload(`phone\n${mobile(5)}\n`, { token: tokenB })).status).toBe(200);
  });
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
