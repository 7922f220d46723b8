// The knowledge router as the console uses it: create, list per language with an
// accent-insensitive search, get, update (any subset), remove, all audited; bad input is a clear
// 4xx that writes nothing; "try" answers with score and sources and is recorded; field reps
// cannot edit knowledge.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  trpcCode,
  type TestTenant,
} from '../helpers/fixtures';

let t: TestTenant;
const as = () => callerFor(t.owner);
const count = async () =>
  (await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM knowledge_articles'))[0]!.n;
const auditActions = async (subject: string) =>
  (
    await ownerQuery<{ action: string }>(
      'SELECT action FROM audit_entries WHERE subject = $1 ORDER BY created_at, id',
      [subject],
    )
  ).map((r) => r.action);

beforeAll(async () => {
  t = await createTenant('knowledge');
});

describe('knowledge router', () => {
  it('creates, lists per language and by search, reads, updates and removes, all audited', async () => {
    const en = await as().knowledge.create({
      language: 'en',
      title: 'Opening hours',
      body: 'We are open Monday to Friday from 9 am to 6 pm.',
      tags: ['Hours', 'hours'],
    });
    expect(en.tags).toEqual(['hours']);
    const sk = await as().knowledge.create({
      language: 'sk',
      title: 'Vrátenie tovaru',
      body: 'Tovar môžete vrátiť do 14 dní.',
    });
    expect((await as().knowledge.list({ language: 'sk' })).items.map((a) => a.id)).toEqual([sk.id]);
    expect((await as().knowledge.list({ search: 'vratenie' })).items.map((a) => a.id)).toEqual([
      sk.id,
    ]);
    expect((await as().knowledge.list({ search: 'MONDAY' })).items.map((a) => a.id)).toEqual([
      en.id,
    ]);
    expect((await as().knowledge.list({})).items).toHaveLength(2);
    const page = await as().knowledge.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    const next = await as().knowledge.list({ limit: 1, cursor: page.nextCursor! });
    expect(next.items[0]?.id).not.toBe(page.items[0]?.id);

    const updated = await as().knowledge.update({
      id: en.id,
      enabled: false,
      body: 'Open 8 to 8.',
    });
    expect(updated).toMatchObject({ enabled: false, body: 'Open 8 to 8.', title: 'Opening hours' });
    expect((await as().knowledge.get({ id: en.id })).body).toBe('Open 8 to 8.');
    expect((await as().knowledge.list({ enabled: true })).items.map((a) => a.id)).toEqual([sk.id]);

    expect(await as().knowledge.remove({ id: en.id })).toEqual({ id: en.id });
    expect(await trpcCode(as().knowledge.get({ id: en.id }))).toBe('NOT_FOUND');
    expect(await auditActions(`knowledge_article:${en.id}`)).toEqual([
      'knowledge.article_created',
      'knowledge.article_updated',
      'knowledge.article_deleted',
    ]);
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const before = await count();
    const bad = [
      () => as().knowledge.create({ language: 'de' as 'en', title: 'x', body: 'y' }),
      () => as().knowledge.create({ language: 'en', title: '', body: 'y' }),
      () => as().knowledge.create({ language: 'en', title: 'x', body: ' \u0000 ' }),
      () => as().knowledge.create({ language: 'en', title: 'x', body: 'y'.repeat(10_001) }),
      () =>
        as().knowledge.create({
          language: 'en',
          title: 'x',
          body: 'y',
          tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
        }),
      () => as().knowledge.update({ id: '00000000-0000-4000-8000-000000000000' }),
      () => as().knowledge.update({ id: 'not-a-uuid', title: 'x' }),
      () => as().knowledge.try({ question: ' \u0007 ', language: 'en' }),
      () => as().knowledge.try({ question: 'x', language: 'xx' as 'en' }),
    ];
    for (const call of bad) expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(
      await trpcCode(
        as().knowledge.update({ id: '00000000-0000-4000-8000-000000000000', title: 'x' }),
      ),
    ).toBe('NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('try answers with the score and sources, recorded on the console channel', async () => {
    const article = await as().knowledge.create({
      language: 'en',
      title: 'Refunds',
      body: 'Refunds are paid back to your card within five working days.',
    });
    const answer = await as().knowledge.try({
      question: 'How long does a refund take?',
      language: 'en',
    });
    expect(answer).toMatchObject({
      known: true,
      answerer: 'builtin',
      text: article.body,
      fellBack: false,
    });
    expect(answer.sources[0]).toMatchObject({ articleId: article.id, title: 'Refunds' });
    expect(answer.score).toBe(answer.sources[0]?.score);
    const [row] = await ownerQuery<{ channel: string }>(
      'SELECT channel FROM answer_records WHERE id = $1',
      [answer.id],
    );
    expect(row?.channel).toBe('console');
    const unknown = await as().knowledge.try({
      question: 'Do you sell helicopters?',
      language: 'en',
    });
    expect(unknown.known).toBe(false);
    // Quotes, backslashes and query syntax in a question are words, never tsquery syntax.
    for (const language of ['en', 'ru', 'uk', 'sk'] as const)
      for (const question of [
        "refund's \\back\\slash 'quoted' a:* & | ! <-> (x",
        "Рефанд\\\\ дня's \\\\server\\share",
      ])
        expect((await as().knowledge.try({ question, language })).text).toBeTruthy();
  });

  it('field reps may not edit or try the knowledge base', async () => {
    const rep = await addPerson(t, 'REP');
    expect(
      await trpcCode(callerFor(rep).knowledge.create({ language: 'en', title: 'x', body: 'y' })),
    ).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(rep).knowledge.try({ question: 'x', language: 'en' }))).toBe(
      'FORBIDDEN',
    );
  });
});
