// The answering engine: what voice, conversations and the tRPC/route layers import.
export { answerQuestion, sanitiseQuestion, ANSWER_BUDGET_MS } from './engine';
export { AnswererUnavailableError } from './errors';
export { BUILTIN_THRESHOLD, dontKnowText } from './builtin';
export { searchKnowledge, type KnowledgeHit } from './knowledge/search';
export {
  articleSelect,
  createArticle,
  createArticleInput,
  getArticle,
  listArticles,
  listArticlesInput,
  removeArticle,
  updateArticle,
  updateArticleInput,
  type CreateArticleInput,
  type ListArticlesInput,
  type UpdateArticleInput,
} from './knowledge/articles';
export * from './types';
export { tryQuestion } from './try-question';
