// Knowledge articles: what the assistant knows, per tenant and language. Writes are audited; reads
// and writes run in the caller's tenant transaction, so RLS keeps every tenant to its own.
import { z } from 'zod';
import type { Tx } from '../../../db/tx';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../audit/actor';
import { NotFoundError } from '../../errors';
import { singleLine, stripControl } from '../../../../lib/schemas/common';
import { answerLanguages } from '../types';

const bodySchema = z
  .string()
  .transform((v) => stripControl(v).trim())
  .pipe(z.string().min(1, 'required').max(10_000, 'at most 10000 characters'));
const tagsSchema = z
  .array(singleLine(40).transform((t) => t.toLowerCase()))
  .max(20, 'at most 20 tags')
  .transform((tags) => [...new Set(tags)]);

export const createArticleInput = z.object({
  language: z.enum(answerLanguages),
  title: singleLine(200),
  body: bodySchema,
  tags: tagsSchema.default([]),
  enabled: z.boolean().default(true),
});
export type CreateArticleInput = z.infer<typeof createArticleInput>;

/** Any subset of the fields; at least one. */
export const updateArticleInput = z
  .object({
    id: z.uuid(),
    language: z.enum(answerLanguages).optional(),
    title: singleLine(200).optional(),
    body: bodySchema.optional(),
    tags: tagsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'id' && v[k as keyof typeof v] !== undefined), {
    message: 'nothing to change: give at least one of language, title, body, tags, enabled',
  });
export type UpdateArticleInput = z.infer<typeof updateArticleInput>;

export const listArticlesInput = z
  .object({
    language: z.enum(answerLanguages).optional(),
    /** Words found in the title or body (case- and accent-insensitive substring). */
    search: singleLine(200).optional(),
    enabled: z.boolean().optional(),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.uuid().optional(),
  })
  .default({ limit: 50 });
export type ListArticlesInput = z.output<typeof listArticlesInput>;

export const articleSelect = {
  id: true,
  language: true,
  title: true,
  body: true,
  tags: true,
  enabled: true,
  updatedAt: true,
} as const;

export async function createArticle(
  tx: Tx,
  { actor, ...input }: CreateArticleInput & { actor: Actor },
) {
  const article = await tx.knowledgeArticle.create({
    data: { ...input, tenantId: actor.tenantId, createdBy: actor.userId },
    select: articleSelect,
  });
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'knowledge.article_created',
    subject: `knowledge_article:${article.id}`,
    detail: { language: article.language },
  });
  return article;
}

export async function getArticle(tx: Tx, { id }: { id: string }) {
  const article = await tx.knowledgeArticle.findUnique({ where: { id }, select: articleSelect });
  if (!article) throw new NotFoundError('article not found');
  return article;
}

/** Newest edits first, a page at a time; the body is cut to a preview (the editor gets the whole article). */
export async function listArticles(tx: Tx, filter: ListArticlesInput) {
  const search = filter.search?.trim();
  // Accent-insensitive on both sides ("vratenie" lists "Vrátenie"), as the search does.
  const matching = search
    ? (
        await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM knowledge_articles
          WHERE (${filter.language ?? null}::text IS NULL OR language = ${filter.language ?? null})
            AND strpos(lower(unaccent(title || ' ' || body)), lower(unaccent(${search}))) > 0
          LIMIT 1000`
      ).map((r) => r.id)
    : null;
  const rows = await tx.knowledgeArticle.findMany({
    where: {
      ...(filter.language ? { language: filter.language } : {}),
      ...(filter.enabled === undefined ? {} : { enabled: filter.enabled }),
      ...(matching ? { id: { in: matching } } : {}),
    },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: articleSelect,
  });
  const items = rows.slice(0, filter.limit).map(({ body, ...article }) => ({
    ...article,
    preview: body.length > 200 ? `${body.slice(0, 199)}…` : body,
  }));
  return {
    items,
    nextCursor: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null,
  };
}

export async function updateArticle(
  tx: Tx,
  { actor, id, ...input }: UpdateArticleInput & { actor: Actor },
) {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const updated = await tx.knowledgeArticle.updateManyAndReturn({
    where: { id },
    data: changes,
    select: articleSelect,
  });
  const article = updated[0];
  if (!article) throw new NotFoundError('article not found');
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'knowledge.article_updated',
    subject: `knowledge_article:${article.id}`,
    detail: { fields: Object.keys(changes), language: article.language },
  });
  return article;
}

/** Answers already given keep their record (answer_records.sources name the article, no foreign key). */
export async function removeArticle(tx: Tx, { actor, id }: { actor: Actor; id: string }) {
  const deleted = await tx.knowledgeArticle.deleteMany({ where: { id } });
  if (deleted.count === 0) throw new NotFoundError('article not found');
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'knowledge.article_deleted',
    subject: `knowledge_article:${id}`,
  });
  return { id };
}
