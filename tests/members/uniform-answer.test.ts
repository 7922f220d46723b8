// members.invite must not tell an admin whether an address has a login in another workspace:
// over HTTP, the answer for an unknown address and for one with a login elsewhere is the same
// status, the same headers and the same bytes, once the values that are new on every call (the
// invitation's id, token and expiry, and the address itself) are put back in their places.
import { describe, expect, it } from 'vitest';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { bearerFor, trpcPost } from '../kernel/support';

type Answer = { status: number; headers: [string, string][]; body: string };

async function inviteOverHttp(bearer: string, email: string): Promise<Answer> {
  const response = await trpcPost(
    'members.invite',
    { email, role: 'STAFF' },
    { authorization: `Bearer ${bearer}` },
  );
  const body = await response.text();
  const { result } = JSON.parse(body) as {
    result: { data: { id: string; token: string; expiresAt: string } };
  };
  // Every value new to this call, in its place; everything else stays byte for byte.
  const normalised = [result.data.id, result.data.token, result.data.expiresAt, email].reduce(
    (text, value, i) => text.split(value).join(`<value ${i}>`),
    body,
  );
  return { status: response.status, headers: [...response.headers.entries()], body: normalised };
}

describe('members.invite answers alike for unknown addresses and logins elsewhere', () => {
  it('is byte-identical, and stores the same kind of row', async () => {
    const inviting = await createTenant('uniform');
    const elsewhere = await createTenant('uniform-else');
    const bearer = await bearerFor(inviting.owner);
    // Same length and shape as the existing login's address, so nothing differs but existence.
    const existing = elsewhere.owner.email;
    const unknown = existing
      .replace(/^owner@/, 'other@')
      .replace(/@uniform-else-/, '@uniform-elsx-');
    expect(unknown.length).toBe(existing.length);
    expect(await ownerQuery('SELECT 1 FROM users WHERE email = $1', [unknown])).toEqual([]);

    const forUnknown = await inviteOverHttp(bearer, unknown);
    const forExisting = await inviteOverHttp(bearer, existing);
    expect(forUnknown.status).toBe(200);
    expect(forExisting).toEqual(forUnknown);
    expect(forExisting.body).toBe(forUnknown.body);

    const rows = await ownerQuery<Record<string, unknown>>(
      `SELECT role, invited_by_id, accepted_at, revoked_at, expires_at - created_at AS ttl FROM invitations WHERE tenant_id = $1 ORDER BY created_at`,
      [inviting.tenantId],
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(rows[0]);
    // The console's list shows both the same way too.
    const listed = await callerFor(inviting.owner).members.invitations();
    const shapes = listed.map(
      ({ id: _i, email: _e, createdAt: _c, expiresAt: _x, ...rest }) => rest,
    );
    expect(shapes).toHaveLength(2);
    expect(shapes[1]).toEqual(shapes[0]);
  });
});
