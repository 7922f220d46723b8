// Cross-tenant cases for every voiceLines.* procedure, for tests/tenant-isolation.test.ts: tenant
// B's owner lists, updates and deletes tenant A's line; A's line answers NOT_FOUND and is untouched.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

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
  return {
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
