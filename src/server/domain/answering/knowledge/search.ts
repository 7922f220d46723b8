// Tenant-scoped knowledge search (Postgres full-text search, see the migration
// 20261207100000_knowledge_answering for the per-language configurations and why).
// Score 0..1 = 0.5 × share of the question's words found in the article + 0.25 × share found in
// its title + 0.15 × trigram word similarity of the title to the question + 0.1 × share of the
// question's words the article has exactly as written (a stem shared by "return" and "returned"
// ties two articles; the one that says "return" is the better answer): a coverage figure the
// built-in answerer can hold to a threshold, which ts_rank (unbounded) is not. Each word counts
// by its rarity among the tenant's articles in that language (inverse document frequency): a
// word every article has ("order", "day") decides less than one only the right article has; a
// word no article has counts like the rarest (it is what the knowledge base does not cover).
// Equal scores are ordered by ts_rank (an article that repeats the words ranks first).
import type { Tx } from '../../../db/tx';
import type { AnswerLanguage } from '../types';
import { stopwordsOf } from './stopwords';

export type KnowledgeHit = { articleId: string; title: string; body: string; score: number };

/** Words considered per question: a 4 000-character question must not become a 600-term query. */
const MAX_TERMS = 32;

/**
 * Inflectional endings stripped from a question's words in uk and sk (which have no stemmer in
 * Postgres), longest first as the regex engine takes the leftmost match: a light stemmer in the
 * spirit of Savoy's for Slavic languages. Applied twice ("зламалися" → "зламали" → "злама"), the
 * rest is matched as a prefix of the indexed words ("злама:*" finds "зламався").
 */
const ENDINGS: Partial<Record<AnswerLanguage, string>> = {
  uk: '(ами|ями|ого|ому|ими|ють|ить|ать|ять|ємо|емо|ете|уть|ах|ях|ам|ям|ів|їв|ою|ею|ий|ій|ої|ім|ом|ем|ти|ть|ла|ли|ло|ся|сь|і|ї|а|я|о|е|у|ю|и|ь|й|є|в)$',
  sk: '(ieho|iemu|ovat|ami|ach|ovi|ich|ych|ymi|imi|eho|emu|iet|ou|om|am|ov|ia|ie|iu|ej|ho|mu|ym|im|te|me|la|lo|li|ne|ny|ni|at|it|et|y|a|e|i|o|u)$',
};
/** A stem keeps at least this many letters (shorter stems match too many words); shorter words match whole. */
const MIN_STEM = 4;

export async function searchKnowledge(
  tx: Tx,
  input: { tenantId: string; language: AnswerLanguage; question: string; limit?: number },
): Promise<KnowledgeHit[]> {
  const limit = input.limit ?? 3;
  const endings = ENDINGS[input.language] ?? null;
  const rows = await tx.$queryRaw<{ id: string; title: string; body: string; score: number }[]>`
    WITH lexemes AS (
      SELECT t.lexeme, t.positions[1] AS pos
      FROM unnest(to_tsvector(app_knowledge_config(${input.language}), ${input.question})) AS t
      WHERE NOT (t.lexeme = ANY(${stopwordsOf(input.language)}::text[]))
        AND position(E'\\\\' IN t.lexeme) = 0
      ORDER BY pos LIMIT ${MAX_TERMS}
    ), stems AS (
      SELECT lexeme, CASE WHEN ${endings}::text IS NULL THEN lexeme
                          ELSE regexp_replace(regexp_replace(lexeme, ${endings}::text, ''), ${endings}::text, '') END AS stem
      FROM lexemes
    ), terms AS (
      SELECT DISTINCT CASE WHEN length(stem) >= ${MIN_STEM} OR stem = lexeme THEN stem
                           ELSE left(lexeme, ${MIN_STEM}) END AS term
      FROM stems
    ), articles AS (
      SELECT a.id, a.title, a.body, app_knowledge_vector(a.language, a.title, a.tags, a.body) AS doc
      FROM knowledge_articles a
      WHERE a.tenant_id = ${input.tenantId}::uuid AND a.language = ${input.language} AND a.enabled
    ), q AS (
      SELECT p.part, p.title_part,
             ln(1 + (SELECT count(*) FROM articles)::float8 / greatest(1, count(a.id))) AS idf
      FROM (SELECT (quoted || CASE WHEN length(term) >= ${MIN_STEM} THEN ':*' ELSE '' END)::tsquery AS part,
                   (quoted || CASE WHEN length(term) >= ${MIN_STEM} THEN ':*A' ELSE ':A' END)::tsquery AS title_part
            FROM (SELECT term, '''' || replace(term, '''', '''''') || '''' AS quoted FROM terms) t) p
      LEFT JOIN articles a ON a.doc @@ p.part
      GROUP BY p.part, p.title_part
    ), surface AS (
      -- The question's words as written (lower-case, unaccented, four letters or more).
      SELECT DISTINCT w.lexeme AS word
      FROM unnest(to_tsvector('simple', unaccent(${input.question}))) AS w
      WHERE length(w.lexeme) >= 4 AND NOT (w.lexeme = ANY(${stopwordsOf(input.language)}::text[]))
        AND position(E'\\\\' IN w.lexeme) = 0
      LIMIT ${MAX_TERMS}
    ), totals AS (
      SELECT sum(idf) AS weight FROM q
    ), scored AS (
      SELECT a.id, a.title, a.body,
        (SELECT coalesce(sum(q.idf), 0) FROM q WHERE a.doc @@ q.part) / t.weight AS coverage,
        (SELECT coalesce(sum(q.idf), 0) FROM q WHERE a.doc @@ q.title_part) / t.weight AS title_coverage,
        word_similarity(lower(unaccent(a.title)), lower(unaccent(${input.question}))) AS trigram,
        (SELECT count(*) FROM surface
          WHERE to_tsvector('simple', unaccent(a.title || ' ' || a.body)) @@ quote_literal(surface.word)::tsquery)::float8
          / greatest(1, (SELECT count(*) FROM surface)) AS exact,
        ts_rank(a.doc, (SELECT string_agg(part::text, ' | ') FROM q)::tsquery) AS rank
      FROM articles a, totals t
      WHERE t.weight > 0
        AND a.doc @@ (SELECT string_agg(part::text, ' | ') FROM q)::tsquery
    )
    SELECT id, title, body, least(1, 0.5 * coverage + 0.25 * title_coverage + 0.15 * trigram + 0.1 * exact)::float8 AS score
    FROM scored ORDER BY score DESC, rank DESC, id LIMIT ${limit}`;
  return rows.map((r) => ({
    articleId: r.id,
    title: r.title,
    body: r.body,
    score: Math.round(r.score * 1000) / 1000,
  }));
}
