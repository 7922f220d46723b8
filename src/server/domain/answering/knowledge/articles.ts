// Knowledge articles: what the assistant knows, per tenant and language. Writes are audited.
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
