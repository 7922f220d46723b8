-- The answering engine: knowledge articles per tenant (searched with Postgres full-text search)
-- and the record of every answer given (voice, chats, the API, the console).

-- Both ship with Postgres contrib (checked: the local PG 15 and embedded-postgres 17) and are
-- "trusted" since PG 13, so a database owner without superuser can create them on managed hosts.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Text search per language. English and Russian have Snowball stemmers in Postgres; Ukrainian
-- and Slovak have neither a stemmer nor a dictionary, and an ispell dictionary needs files in the
-- server's tsearch_data directory, which a managed host does not let us install. So uk and sk use
-- `simple` (lower-cased words, no stemming) behind `unaccent` (Slovak is often typed without
-- diacritics: "vratenie" finds "vrátenie"); the inflection a stemmer would fold is handled at query
-- time by prefix matching on a shortened word (domain/answering/knowledge/search.ts), and trigram
-- similarity on the title catches misspellings. Russian gets unaccent too (ё = е).
CREATE TEXT SEARCH CONFIGURATION public.app_ru (COPY = pg_catalog.russian);
ALTER TEXT SEARCH CONFIGURATION public.app_ru ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, russian_stem;
CREATE TEXT SEARCH CONFIGURATION public.app_uk (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION public.app_uk ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart WITH public.unaccent, simple;
CREATE TEXT SEARCH CONFIGURATION public.app_sk (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION public.app_sk ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart WITH public.unaccent, simple;

-- The configuration of a language (en | ru | uk | sk). IMMUTABLE so it can sit in an index
-- expression; to_tsvector(regconfig, text) with a fixed configuration is immutable as well.
CREATE FUNCTION app_knowledge_config(language text) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE language
                 WHEN 'en' THEN 'pg_catalog.english'::regconfig
                 WHEN 'ru' THEN 'public.app_ru'::regconfig
                 WHEN 'uk' THEN 'public.app_uk'::regconfig
                 WHEN 'sk' THEN 'public.app_sk'::regconfig
                 ELSE 'pg_catalog.simple'::regconfig
               END $$;

-- An article's search document: title weighted A, tags B, body C (title hits count most).
-- An expression rather than a stored column: the index below holds it, the table stays plain.
CREATE FUNCTION app_knowledge_vector(language text, title text, tags text[], body text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector(public.app_knowledge_config(language), title), 'A')
            || setweight(to_tsvector(public.app_knowledge_config(language), array_to_string(tags, ' ')), 'B')
            || setweight(to_tsvector(public.app_knowledge_config(language), body), 'C') $$;

-- Tags as the console filters them: at most 20, each 1–40 characters, lower-case, no NULLs.
CREATE FUNCTION app_knowledge_tags_valid(tags text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT cardinality(tags) <= 20
           AND NOT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t IS NULL OR length(t) NOT BETWEEN 1 AND 40 OR t <> lower(t)) $$;

CREATE TABLE "knowledge_articles" (
  "id"         UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"  UUID NOT NULL,
  "language"   TEXT NOT NULL,
  "title"      TEXT NOT NULL,
  "body"       TEXT NOT NULL,
  "tags"       TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  "enabled"    BOOLEAN NOT NULL DEFAULT true,
  "created_by" UUID,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "knowledge_articles_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "knowledge_articles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- the author may leave; the article stays
  CONSTRAINT "knowledge_articles_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  -- the four languages the assistant speaks (answering/types.ts answerLanguages)
  CONSTRAINT "knowledge_articles_language" CHECK ("language" IN ('en', 'ru', 'uk', 'sk')),
  CONSTRAINT "knowledge_articles_title_length" CHECK (length("title") BETWEEN 1 AND 200),
  -- an answer is spoken on a call: articles are short, 10 000 characters at most
  CONSTRAINT "knowledge_articles_body_length" CHECK (length("body") BETWEEN 1 AND 10000),
  CONSTRAINT "knowledge_articles_tags_valid" CHECK (app_knowledge_tags_valid("tags"))
);
-- The console lists a tenant's articles per language, newest first.
CREATE INDEX "knowledge_articles_tenant_id_language_updated_at_idx" ON "knowledge_articles"("tenant_id", "language", "updated_at");
-- Full-text search over the enabled articles (the expression the search query repeats verbatim).
CREATE INDEX "knowledge_articles_search_idx" ON "knowledge_articles"
  USING GIN (app_knowledge_vector("language", "title", "tags", "body")) WHERE "enabled";

CREATE TABLE "answer_records" (
  "id"              UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"       UUID NOT NULL,
  "channel"         TEXT NOT NULL,
  "language"        TEXT NOT NULL,
  "question"        TEXT NOT NULL,
  "answer"          TEXT NOT NULL,
  "known"           BOOLEAN NOT NULL,
  "confidence"      DOUBLE PRECISION NOT NULL,
  -- [{ articleId, title, score }], best first; article ids are not foreign keys: an answer's
  -- record stays true to what was said even after the article is edited or deleted
  "sources"         JSONB NOT NULL DEFAULT '[]',
  "answerer"        TEXT NOT NULL,
  "fell_back"       BOOLEAN NOT NULL DEFAULT false,
  -- why the configured answerer was not used (timeout, HTTP 503...), when it fell back
  "fallback_reason" TEXT,
  "latency_ms"      INTEGER NOT NULL,
  "created_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "answer_records_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "answer_records_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "answer_records_channel" CHECK ("channel" IN ('voice', 'whatsapp', 'chatwoot', 'api', 'console')),
  CONSTRAINT "answer_records_language" CHECK ("language" IN ('en', 'ru', 'uk', 'sk')),
  CONSTRAINT "answer_records_answerer" CHECK ("answerer" IN ('builtin', 'openai')),
  -- the question as sanitised at the boundary (controls stripped, trimmed, capped)
  CONSTRAINT "answer_records_question_length" CHECK (length("question") BETWEEN 1 AND 4000),
  CONSTRAINT "answer_records_answer_length" CHECK (length("answer") BETWEEN 1 AND 10000),
  CONSTRAINT "answer_records_confidence" CHECK ("confidence" BETWEEN 0 AND 1),
  CONSTRAINT "answer_records_sources" CHECK (jsonb_typeof("sources") = 'array' AND jsonb_array_length("sources") <= 10),
  CONSTRAINT "answer_records_latency" CHECK ("latency_ms" >= 0),
  -- a fallback always says why; an answer that did not fall back has no reason
  CONSTRAINT "answer_records_fallback_reason" CHECK ("fell_back" = ("fallback_reason" IS NOT NULL) AND length("fallback_reason") <= 300)
);
CREATE INDEX "answer_records_tenant_id_created_at_idx" ON "answer_records"("tenant_id", "created_at");

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['knowledge_articles', 'answer_records']::regclass[]) AS t;
