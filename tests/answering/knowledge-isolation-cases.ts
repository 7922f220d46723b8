// Cross-tenant cases for every knowledge.* procedure, for tests/tenant-isolation.test.ts: tenant
// B's owner lists, reads, updates, removes and asks about tenant A's article; A's article answers
// NOT_FOUND (or is simply absent) and is untouched, and B's question never finds it.
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

type Tenants = () => { a: TestTenant; b: TestTenant };
const A_ARTICLE = {
  language: 'en' as const,
  title: 'Secret warehouse code',
  body: 'The warehouse door code of tenant A is 4711 and the alarm is off on Sundays.',
};

export function knowledgeIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let aArticle: Promise<{ id: string }> | undefined;
  const aId = async () =>
    (await (aArticle ??= callerFor(tenants().a.owner).knowledge.create(A_ARTICLE))).id;
  const asB = () => callerFor(tenants().b.owner);
  const aRow = async () =>
    (
      await ownerQuery<{ title: string; tenant_id: string }>(
        'SELECT title, tenant_id FROM knowledge_articles WHERE id = $1',
        [await aId()],
      )
    )[0];
  return {
    'knowledge.list': async () => {
      const id = await aId();
      for (const filter of [
        {},
        { language: 'en' as const },
        { search: 'warehouse' },
        { cursor: id },
      ])
        expect((await asB().knowledge.list(filter)).items.map((a) => a.id)).not.toContain(id);
      // A's owner does see it: the case is not passing because the row is unreadable.
      const own = await callerFor(tenants().a.owner).knowledge.list({ search: 'warehouse' });
      expect(own.items.map((a) => a.id)).toContain(id);
    },
    'knowledge.get': async () => {
      await expectNotFound(asB().knowledge.get({ id: await aId() }));
      expect((await callerFor(tenants().a.owner).knowledge.get({ id: await aId() })).title).toBe(
        A_ARTICLE.title,
      );
    },
    'knowledge.create': async () => {
      const created = await asB().knowledge.create({
        language: 'en',
        title: 'B article',
        body: 'B has no warehouse.',
      });
      const [row] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM knowledge_articles WHERE id = $1',
        [created.id],
      );
      expect(row?.tenant_id).toBe(tenants().b.tenantId);
    },
    'knowledge.update': async () => {
      await expectNotFound(asB().knowledge.update({ id: await aId(), title: 'hijacked' }));
      expect((await aRow())?.title).toBe(A_ARTICLE.title);
    },
    'knowledge.remove': async () => {
      await expectNotFound(asB().knowledge.remove({ id: await aId() }));
      expect(await aRow()).toBeDefined();
    },
    'knowledge.try': async () => {
      const id = await aId();
      const answer = await asB().knowledge.try({
        question: 'What is the warehouse door code?',
        language: 'en',
      });
      expect(answer.sources.map((s) => s.articleId)).not.toContain(id);
      expect(answer.text).not.toContain('4711');
      const [record] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM answer_records WHERE id = $1',
        [answer.id],
      );
      expect(record?.tenant_id).toBe(tenants().b.tenantId);
      // A asking the same finds it: the question does match the article.
      const own = await callerFor(tenants().a.owner).knowledge.try({
        question: 'What is the warehouse door code?',
        language: 'en',
      });
      expect(own.sources[0]?.articleId).toBe(id);
    },
  };
}
