// The article form's values as the browser holds them, and what the procedures take.
export const ARTICLE_LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Russian' },
  { value: 'uk', label: 'Ukrainian' },
  { value: 'sk', label: 'Slovak' },
] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number]['value'];

export const isArticleLanguage = (value: string): value is ArticleLanguage =>
  ARTICLE_LANGUAGES.some((l) => l.value === value);

export const languageName = (code: string) =>
  ARTICLE_LANGUAGES.find((l) => l.value === code)?.label ?? code;

export type ArticleDraft = {
  language: ArticleLanguage;
  title: string;
  body: string;
  /** As typed: comma-separated. */
  tags: string;
  enabled: boolean;
};

export type SavedArticle = {
  id: string;
  language: string;
  title: string;
  body: string;
  tags: string[];
  enabled: boolean;
};

export const emptyArticle = (language: ArticleLanguage = 'en'): ArticleDraft => ({
  language,
  title: '',
  body: '',
  tags: '',
  enabled: true,
});

export const draftOf = (article: SavedArticle): ArticleDraft => ({
  language: isArticleLanguage(article.language) ? article.language : 'en',
  title: article.title,
  body: article.body,
  tags: article.tags.join(', '),
  enabled: article.enabled,
});

/** "Opening hours, parking ,," → ["Opening hours", "parking"]; the server lower-cases and dedupes. */
export const tagsOf = (typed: string) =>
  typed
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

export const inputOf = (draft: ArticleDraft) => ({
  language: draft.language,
  title: draft.title,
  body: draft.body,
  tags: tagsOf(draft.tags),
  enabled: draft.enabled,
});

/** zod names an array item's error "tags" (flattened), so one sentence covers the field. */
export const TAG_HINT = 'Separate tags with commas; each at most 40 characters, at most 20.';
