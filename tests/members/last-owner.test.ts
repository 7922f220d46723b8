// A workspace keeps an owner, under real concurrency: two owners demoting (or removing) each other
// at the same moment through the API → one succeeds, one is refused, one owner is left. And the
// database refuses it on its own (a constraint trigger under the same advisory lock), for writes
// that bypass the app.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { lockKeyHash } from '../../src/server/db/lock';
import { addPerson, callerFor, createTenant, ownerQuery, trpcCode } from '../helpers/fixtures';
import { membershipIdOf } from './support';

async function twoOwners(label: string) {
  const tenant = await createTenant(label);
  const second = await addPerson(tenant, 'OWNER');
  return {
    tenant,
    first: {
      principal: tenant.owner,
      membershipId: await membershipIdOf(tenant, tenant.owner.userId),
    },
    second: { principal: second, membershipId: await membershipIdOf(tenant, second.userId) },
  };
}

const ownersOf = async (tenantId: string) =>
  (
    await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND role = 'OWNER'`,
      [tenantId],
    )
  )[0]!.n;

describe('the last owner, raced', () => {
  it('two owners demoting each other at once: one succeeds, one is refused, one owner left', async () => {
    for (let round = 0; round < 5; round++) {
      const { tenant, first, second } = await twoOwners(`race-${round}`);
      const codes = await Promise.all([
        trpcCode(
          callerFor(first.principal).members.changeRole({
            membershipId: second.membershipId,
            role: 'ADMIN',
          }),
        ),
        trpcCode(
          callerFor(second.principal).members.changeRole({
            membershipId: first.membershipId,
            role: 'ADMIN',
          }),
        ),
      ]);
      // The loser waited for the owners' lock, then found itself the last owner: a 409 with the
      // reason, not the database trigger's refusal (which would surface as a 500).
      expect(codes.sort()).toEqual(['CONFLICT', 'OK']);
      expect(await ownersOf(tenant.tenantId)).toBe(1);
    }
  });

  it('two owners removing each other at once: one owner left', async () => {
    for (let round = 0; round < 3; round++) {
      const { tenant, first, second } = await twoOwners(`race-rm-${round}`);
      const codes = await Promise.all([
        trpcCode(callerFor(first.principal).members.remove({ membershipId: second.membershipId })),
        trpcCode(callerFor(second.principal).members.remove({ membershipId: first.membershipId })),
      ]);
      expect(codes.sort()).toEqual(['CONFLICT', 'OK']);
      expect(await ownersOf(tenant.tenantId)).toBe(1);
    }
  });

  it('two owners each demoting themselves at once: the rule alone decides (one left)', async () => {
    const { tenant, first, second } = await twoOwners('race-self');
    const codes = await Promise.all(
      [first, second].map((o) =>
        trpcCode(
          callerFor(o.principal).members.changeRole({
            membershipId: o.membershipId,
            role: 'STAFF',
          }),
        ),
      ),
    );
    expect(codes.sort()).toEqual(['CONFLICT', 'OK']);
    expect(await ownersOf(tenant.tenantId)).toBe(1);
  });
});

describe('the database keeps an owner by itself', () => {
  it('computes the same advisory lock key as withLock', async () => {
    const key = 'tenant:owners:00000000-0000-4000-8000-000000000001';
    const [row] = await ownerQuery<{ k: string }>(
      `SELECT (('x' || left(encode(sha256(convert_to($1, 'UTF8')), 'hex'), 16))::bit(64)::bigint)::text AS k`,
      [key],
    );
    expect(BigInt(row!.k)).toBe(lockKeyHash(key));
  });

  it('refuses to demote or delete the last owner by SQL, allows deleting the whole workspace', async () => {
    const tenant = await createTenant('db-owner');
    const refusal = (sql: string) =>
      ownerQuery(sql, [tenant.tenantId]).then(
        () => null,
        (e: { code?: string; message: string }) => e,
      );
    const demoted = await refusal(`UPDATE memberships SET role = 'ADMIN' WHERE tenant_id = $1`);
    expect(demoted?.code).toBe('23514');
    expect(demoted?.message).toMatch(/without an owner/);
    expect((await refusal(`DELETE FROM memberships WHERE tenant_id = $1`))?.code).toBe('23514');
    expect(await ownersOf(tenant.tenantId)).toBe(1);
    expect(await refusal(`DELETE FROM tenants WHERE id = $1`)).toBeNull();
    expect(
      await ownerQuery('SELECT 1 FROM memberships WHERE tenant_id = $1', [tenant.tenantId]),
    ).toEqual([]);
  });

  it('two connections demoting the two owners at once, past the app: the second is refused', async () => {
    const { tenant, first, second } = await twoOwners('db-race');
    const [a, b] = [0, 1].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL }));
    await Promise.all([a!.connect(), b!.connect()]);
    try {
      await a!.query('BEGIN');
      await b!.query('BEGIN');
      await a!.query(`UPDATE memberships SET role = 'ADMIN' WHERE id = $1`, [first.membershipId]);
      // b's check waits for a's lock, then sees a's commit: no owner would be left.
      const bUpdate = b!
        .query(`UPDATE memberships SET role = 'ADMIN' WHERE id = $1`, [second.membershipId])
        .then(
          () => null,
          (e: { code?: string }) => e,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const waiting = await ownerQuery<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      );
      expect(waiting[0]!.n).toBeGreaterThanOrEqual(1);
      await a!.query('COMMIT');
      expect((await bUpdate)?.code).toBe('23514');
      await b!.query('ROLLBACK');
    } finally {
      await Promise.all([a!.end(), b!.end()]);
    }
    expect(await ownersOf(tenant.tenantId)).toBe(1);
  });
});
