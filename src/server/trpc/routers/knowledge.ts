import { z } from 'zod';
import { createTRPCRouter, staffOutboundProcedure, staffProcedure } from '../init';
import {
  answerLanguages,
  createArticle,
  createArticleInput,
  getArticle,
  listArticles,
  listArticlesInput,
  removeArticle,
  tryQuestion,
  updateArticle,
  updateArticleInput,
} from '../../domain/answering';

export const knowledgeRouter = createTRPCRouter({
  list: staffProcedure
    .input(listArticlesInput)
    .query(({ ctx, input }) => listArticles(ctx.tx, input)),
  get: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getArticle(ctx.tx, { id: input.id })),
  create: staffProcedure
    .input(createArticleInput)
    .mutation(({ ctx, input }) => createArticle(ctx.tx, { ...input, actor: ctx.actor })),
  update: staffProcedure
    .input(updateArticleInput)
    .mutation(({ ctx, input }) => updateArticle(ctx.tx, { ...input, actor: ctx.actor })),
  remove: staffProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => removeArticle(ctx.tx, { id: input.id, actor: ctx.actor })),
  /** Asks the engine as a caller would (the model may take seconds: no transaction is held). */
  try: staffOutboundProcedure
    .input(z.object({ question: z.string().max(4000), language: z.enum(answerLanguages) }))
    .mutation(({ ctx, input }) => tryQuestion({ actor: ctx.actor, ...input })),
});
