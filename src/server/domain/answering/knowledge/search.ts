// Tenant-scoped knowledge search (Postgres full-text search, see the migration
// 20261207100000_knowledge_answering for the per-language configurations and why).
// Score 0..1 = 0.55 × share of the question's words found in the article + 0.3 × share found in
// its title + 0.15 × trigram word similarity of the title to the question: a coverage figure the
// built-in answerer can hold to a threshold, which ts_rank (unbounded) is not.
import type { Tx } from '../../../db/tx';
import type { AnswerLanguage } from '../types';
import { stopwordsOf } from './stopwords';

export type KnowledgeHit = { articleId: string; title: string; body: string; score: number };

/** Words considered per question: a 4 000-character question must not become a 600-term query. */
const MAX_TERMS = 32;

export async function searchKnowledge(
  tx: Tx,
  input: { tenantId: string; language: AnswerLanguage; question: string; limit?: number },
): Promise<KnowledgeHit[]> {
  const limit = input.limit ?? 3;
  // uk and sk have no stemmer: a word is matched by its first ~70 % (at least 4 letters) as a
  // prefix, which folds most case and number endings ("доставка", "доставку" → "достав:*").
  const rows = await tx.$queryRaw<{ id: string; title: string; body: string; score: number }[]>`
    WITH lexemes AS (
      SELECT t.lexeme, t.positions[1] AS pos
      FROM unnest(to_tsvector(app_knowledge_config(${input.language}), ${input.question})) AS t
      WHERE NOT (t.lexeme = ANY(${stopwordsOf(input.language)}::text[]))
        AND position(E'\\\\' IN t.lexeme) = 0
      ORDER BY pos LIMIT ${MAX_TERMS}
    ), terms AS (
      SELECT DISTINCT CASE WHEN ${input.language} IN ('uk', 'sk') AND length(lexeme) > 4
                           THEN left(lexeme, greatest(4, ceil(length(lexeme) * 0.7)::int))
                           ELSE lexeme END AS term
      FROM lexemes
    ), q AS (
      SELECT array_agg('''' || replace(term, '''', '''''') || ''':*') AS parts, count(*)::int AS n
      FROM terms
    ), scored AS (
      SELECT a.id, a.title, a.body,
        (SELECT count(*) FROM unnest(q.parts) p
          WHERE app_knowledge_vector(a.language, a.title, a.tags, a.body) @@ p::tsquery)::float8 / q.n AS coverage,
        (SELECT count(*) FROM unnest(q.parts) p
          WHERE app_knowledge_vector(a.language, a.title, a.tags, a.body) @@ (p || 'A')::tsquery)::float8 / q.n AS title_coverage,
        word_similarity(lower(unaccent(a.title)), lower(unaccent(${input.question}))) AS trigram
      FROM knowledge_articles a, q
      WHERE q.n > 0 AND a.tenant_id = ${input.tenantId}::uuid AND a.language = ${input.language} AND a.enabled
        AND app_knowledge_vector(a.language, a.title, a.tags, a.body) @@ array_to_string(q.parts, ' | ')::tsquery
    )
    SELECT id, title, body, least(1, 0.55 * coverage + 0.3 * title_coverage + 0.15 * trigram)::float8 AS score
    FROM scored ORDER BY score DESC, id LIMIT ${limit}`;
  return rows.map((r) => ({
    articleId: r.id,
    title: r.title,
    body: r.body,
    score: Math.round(r.score * 1000) / 1000,
  }));
}
