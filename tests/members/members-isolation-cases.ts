// Cross-tenant cases for every members.* procedure, shaped for tests/tenant-isolation.test.ts
// (spread `...membersIsolationCases(() => ({ a, b }))` into its `cases`). Tenant B's owner acts on
// tenant A's members and invitations: ids of A answer NOT_FOUND and nothing of A changes.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { addPerson, callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

type Tenants = () => { a: TestTenant; b: TestTenant };
type AFixtures = { staffMembershipId: string; staffEmail: string; invitationId: string };

export function membersIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let fixtures: Promise<AFixtures> | undefined;
  /** Tenant A: a STAFF member and an open invitation. */
  const aFixtures = () =>
    (fixtures ??= (async () => {
      const { a } = tenants();
      const staff = await addPerson(a, 'STAFF');
      const members = await callerFor(a.owner).members.list();
      const invitation = await callerFor(a.owner).members.invite({
        email: `a-invitee-${randomBytes(3).toString('hex')}@iso.test`,
        role: 'REP',
      });
      return {
        staffMembershipId: members.find((m) => m.userId === staff.userId)!.id,
        staffEmail: staff.email,
        invitationId: invitation.id,
      };
    })());
  const asB = () => callerFor(tenants().b.owner);
  const membershipRow = async (id: string) =>
    (await ownerQuery<{ role: string }>('SELECT role FROM memberships WHERE id = $1', [id]))[0];
  const invitationRow = async (id: string) =>
    (
      await ownerQuery<{ tenant_id: string; revoked_at: Date | null }>(
        'SELECT tenant_id, revoked_at FROM invitations WHERE id = $1',
        [id],
      )
    )[0];

  return {
    'members.list': async () => {
      const { a, b } = tenants();
      const { staffEmail } = await aFixtures();
      const emails = (await asB().members.list()).map((m) => m.email);
      expect(emails).toContain(b.owner.email);
      expect(emails).not.toContain(a.owner.email);
      expect(emails).not.toContain(staffEmail);
    },
    'members.invite': async () => {
      const { b } = tenants();
      // An address that is a member of A is no member of B: B's invitation is B's alone.
      const { staffEmail } = await aFixtures();
      const invited = await asB().members.invite({ email: staffEmail, role: 'STAFF' });
      expect((await invitationRow(invited.id))?.tenant_id).toBe(b.tenantId);
    },
    'members.invitations': async () => {
      const { invitationId } = await aFixtures();
      const listed = await asB().members.invitations();
      expect(listed.map((i) => i.id)).not.toContain(invitationId);
    },
    'members.revokeInvitation': async () => {
      const { invitationId } = await aFixtures();
      await expectNotFound(asB().members.revokeInvitation({ id: invitationId }));
      expect((await invitationRow(invitationId))?.revoked_at).toBeNull();
    },
    'members.changeRole': async () => {
      const { staffMembershipId } = await aFixtures();
      await expectNotFound(
        asB().members.changeRole({ membershipId: staffMembershipId, role: 'ADMIN' }),
      );
      expect((await membershipRow(staffMembershipId))?.role).toBe('STAFF');
    },
    'members.remove': async () => {
      const { staffMembershipId } = await aFixtures();
      await expectNotFound(asB().members.remove({ membershipId: staffMembershipId }));
      expect(await membershipRow(staffMembershipId)).toBeDefined();
    },
  };
}
