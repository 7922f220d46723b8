// Cross-tenant cases for every calls.* and voiceLines.* procedure, for tests/tenant-isolation.test.ts: tenant
// B's owner lists, updates and deletes tenant A's line; A's line answers NOT_FOUND and is untouched.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { randomBytes } from 'node:crypto';

type Tenants = () => { a: TestTenant; b: TestTenant };
const A_LINE = {
  phone: '+4930901821',
  label: 'A secret line',
  greeting: 'A hello',
  language: 'en' as const,
};

export function callsIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let aLine: Promise<{ id: string }> | undefined;
  const aLineId = async () =>
    (await (aLine ??= callerFor(tenants().a.owner).voiceLines.create(A_LINE))).id;
  const asB = () => callerFor(tenants().b.owner);
  const aRow = async () =>
    (
      await ownerQuery<{ label: string }>('SELECT label FROM voice_lines WHERE id = $1', [
        await aLineId(),
      ])
    )[0];
  let aCall: Promise<string> | undefined;
  /** A call of tenant A (as its status callback would leave it), with one turn of transcript. */
  const aCallId = () =>
    (aCall ??= (async () => {
      const [row] = await ownerQuery<{ id: string }>(
        `INSERT INTO calls (tenant_id, call_sid, from_phone, status) VALUES ($1, $2, '+4915112345678', 'in-progress') RETURNING id`,
        [tenants().a.tenantId, `CA${randomBytes(16).toString('hex')}`],
      );
      await ownerQuery(
        `INSERT INTO call_turns (tenant_id, call_id, turn, caller_text, status) VALUES ($1, $2, 1, 'A secret question', 'pending')`,
        [tenants().a.tenantId, row!.id],
      );
      return row!.id;
    })());
  return {
    'calls.list': async () => {
      const id = await aCallId();
      expect((await asB().calls.list()).items.map((c) => c.id)).not.toContain(id);
    },
    'calls.get': async () => {
      await expectNotFound(asB().calls.get({ id: await aCallId() }));
      // A's owner does see it: the case is not passing because the row is unreadable.
      const own = await callerFor(tenants().a.owner).calls.get({ id: await aCallId() });
      expect(own.turns[0]?.callerText).toBe('A secret question');
    },
    'voiceLines.list': async () => {
      const id = await aLineId();
      expect((await asB().voiceLines.list()).map((l) => l.id)).not.toContain(id);
    },
    'voiceLines.create': async () => {
      // The same number in B is B's own line, not a conflict that would reveal A's.
      const created = await asB().voiceLines.create({ ...A_LINE, label: 'B line' });
      const [row] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM voice_lines WHERE id = $1',
        [created.id],
      );
      expect(row?.tenant_id).toBe(tenants().b.tenantId);
    },
    'voiceLines.update': async () => {
      await expectNotFound(
        asB().voiceLines.update({ ...A_LINE, id: await aLineId(), label: 'hijacked' }),
      );
      expect((await aRow())?.label).toBe('A secret line');
    },
    'voiceLines.delete': async () => {
      await expectNotFound(asB().voiceLines.delete({ id: await aLineId() }));
      expect(await aRow()).toBeDefined();
    },
  };
}
