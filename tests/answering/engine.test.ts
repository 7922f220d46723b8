// The answering engine over real Postgres: per-language search finds the right article, an
// unknown question is "don't know", another tenant's knowledge is never read, every answer is
// recorded, bad questions are refused before anything is written.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { systemActor } from '../../src/server/domain/audit/actor';
import {
  answerQuestion,
  createArticle,
  type AnswerLanguage,
} from '../../src/server/domain/answering';
import { ValidationError } from '../../src/server/domain/errors';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';

let a: TestTenant;
let b: TestTenant;
const ids: Record<string, string> = {};

const articles: [string, AnswerLanguage, string, string][] = [
  ['en-hours', 'en', 'Opening hours', 'We are open Monday to Friday from 9 am to 6 pm.'],
  ['en-refund', 'en', 'Refunds', 'Refunds are paid back to your card within five working days.'],
  ['ru-delivery', 'ru', 'Доставка', 'Доставка по городу занимает один день, бесплатно от 50 евро.'],
  ['ru-payment', 'ru', 'Способы оплаты', 'Оплатить заказ можно картой или наличными курьеру.'],
  ['uk-delivery', 'uk', 'Доставка замовлень', 'Доставка по місту займає один день.'],
  ['uk-return', 'uk', 'Повернення товару', 'Повернути товар можна протягом 14 днів.'],
  ['sk-payment', 'sk', 'Platba kartou', 'Platiť môžete kartou alebo prevodom na účet.'],
  ['sk-return', 'sk', 'Vrátenie tovaru', 'Tovar môžete vrátiť do 14 dní od doručenia.'],
];

beforeAll(async () => {
  a = await createTenant('answer-a');
  b = await createTenant('answer-b');
  await withTenantTx(a.tenantId, async (tx) => {
    for (const [key, language, title, body] of articles)
      ids[key] = (
        await createArticle(tx, {
          actor: systemActor(a.tenantId),
          language,
          title,
          body,
          tags: [],
          enabled: true,
        })
      ).id;
  });
});

const cases: [AnswerLanguage, string, string][] = [
  ['en', 'When are you open?', 'en-hours'],
  ['en', 'How long does a refund take?', 'en-refund'],
  ['ru', 'Сколько времени занимает доставка?', 'ru-delivery'],
  ['ru', 'Как можно оплатить заказ?', 'ru-payment'],
  ['uk', 'Скільки триває доставка замовлення?', 'uk-delivery'],
  ['uk', 'Як повернути товар?', 'uk-return'],
  ['sk', 'Môžem platiť kartou?', 'sk-payment'],
  ['sk', 'Ako vratit tovar?', 'sk-return'],
];

describe('answerQuestion', () => {
  for (const [language, question, expected] of cases)
    it(`${language}: "${question}" finds ${expected}`, async () => {
      const answer = await answerQuestion({
        tenantId: a.tenantId,
        question,
        language,
        channel: 'api',
      });
      expect(answer.sources[0]?.articleId).toBe(ids[expected]);
      expect(answer.known).toBe(true);
      expect(answer.answerer).toBe('builtin');
      expect(answer.fellBack).toBe(false);
    });

  it('says it does not know when nothing matches, and records the answer', async () => {
    const answer = await answerQuestion({
      tenantId: a.tenantId,
      question: 'Do you sell helicopters?\u0007',
      language: 'en',
      channel: 'voice',
    });
    expect(answer.known).toBe(false);
    expect(answer.text).toMatch(/don't know/);
    const [row] = await ownerQuery<{
      question: string;
      known: boolean;
      answerer: string;
      channel: string;
    }>('SELECT question, known, answerer, channel FROM answer_records WHERE id = $1', [answer.id]);
    expect(row).toEqual({
      question: 'Do you sell helicopters?',
      known: false,
      answerer: 'builtin',
      channel: 'voice',
    });
  });

  it("never reads another tenant's knowledge", async () => {
    const answer = await answerQuestion({
      tenantId: b.tenantId,
      question: 'When are you open?',
      language: 'en',
      channel: 'api',
    });
    expect(answer.known).toBe(false);
    expect(answer.sources).toEqual([]);
  });

  it('refuses an empty question and writes nothing', async () => {
    const before = await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM answer_records');
    await expect(
      answerQuestion({
        tenantId: a.tenantId,
        question: ' \u0000\u0007 ',
        language: 'en',
        channel: 'api',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await ownerQuery('SELECT count(*)::int AS n FROM answer_records')).toEqual(before);
  });
});
