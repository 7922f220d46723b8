'use client';
// One article: title, body, language, tags, enabled. Field errors are the server's sentences,
// under their fields; deleting asks first.
import { useState, type FormEvent } from 'react';
import { FieldError } from '@/app/_components/field-error';
import { describeError, errorSentence } from '@/lib/trpc/errors';
import { api } from '@/lib/trpc/react';
import {
  ARTICLE_LANGUAGES,
  TAG_HINT,
  draftOf,
  emptyArticle,
  inputOf,
  type ArticleDraft,
  type ArticleLanguage,
  type SavedArticle,
} from './article-draft';

const LABELS = {
  title: 'the title',
  body: 'the text',
  language: 'the language',
  tags: 'the tags',
  enabled: 'answering',
};

export function ArticleEditor({
  article,
  isJustSaved = false,
  defaultLanguage,
  onSaved,
  onClosed,
}: {
  /** Editing this article; a new one when undefined. */
  article?: SavedArticle;
  /** Opened right after it was created: says it was saved. */
  isJustSaved?: boolean;
  defaultLanguage: ArticleLanguage;
  onSaved: (id: string) => void;
  onClosed: () => void;
}) {
  const utils = api.useUtils();
  const [draft, setDraft] = useState<ArticleDraft>(() =>
    article ? draftOf(article) : emptyArticle(defaultLanguage),
  );
  const [saved, setSaved] = useState(isJustSaved);
  const afterSave = {
    onSuccess: async ({ id }: { id: string }) => {
      await Promise.all([
        utils.knowledge.list.invalidate(),
        utils.knowledge.get.invalidate({ id }),
      ]);
      setSaved(true);
      onSaved(id);
    },
  };
  const create = api.knowledge.create.useMutation(afterSave);
  const update = api.knowledge.update.useMutation(afterSave);
  const remove = api.knowledge.remove.useMutation({
    onSuccess: async () => {
      await utils.knowledge.list.invalidate();
      onClosed();
    },
  });
  const saving = article ? update : create;
  const failure = describeError(saving.error, LABELS);
  const field = (name: keyof typeof LABELS) => failure.fields[name];
  const set = <K extends keyof ArticleDraft>(name: K, value: ArticleDraft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [name]: value }));
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (article) update.mutate({ id: article.id, ...inputOf(draft) });
    else create.mutate(inputOf(draft));
  }

  return (
    <form
      className="stack wide-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={article ? 'Edit article' : 'New article'}
    >
      <label>
        Title
        <input
          name="title"
          value={draft.title}
          maxLength={200}
          placeholder="e.g. Opening hours"
          aria-invalid={field('title') ? true : undefined}
          onChange={(e) => set('title', e.target.value)}
        />
        <FieldError message={field('title')} />
      </label>
      <label>
        Language
        <select
          name="language"
          value={draft.language}
          onChange={(e) => set('language', e.target.value as ArticleLanguage)}
        >
          {ARTICLE_LANGUAGES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
        <FieldError message={field('language')} />
      </label>
      <label>
        Text
        <textarea
          name="body"
          value={draft.body}
          rows={8}
          maxLength={10_000}
          placeholder="What the assistant says when this article answers the question."
          aria-invalid={field('body') ? true : undefined}
          onChange={(e) => set('body', e.target.value)}
        />
        <FieldError message={field('body')} />
      </label>
      <label>
        Tags
        <input
          name="tags"
          value={draft.tags}
          placeholder="e.g. hours, visiting"
          aria-invalid={field('tags') ? true : undefined}
          onChange={(e) => set('tags', e.target.value)}
        />
        <span className="muted hint">{TAG_HINT}</span>
        <FieldError message={field('tags')} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          name="enabled"
          checked={draft.enabled}
          onChange={(e) => set('enabled', e.target.checked)}
        />
        Answer callers from this article
      </label>
      <FieldError message={field('enabled')} />
      {saving.error && Object.keys(failure.fields).length === 0 && (
        <p className="error" role="alert">
          {failure.sentence}
        </p>
      )}
      {remove.error && (
        <p className="error" role="alert">
          {errorSentence(remove.error)}
        </p>
      )}
      {saved && !saving.isPending && (
        <p className="status-ok" role="status">
          Saved.
        </p>
      )}
      <div className="button-row">
        <button type="submit" disabled={saving.isPending}>
          {article ? 'Save article' : 'Add article'}
        </button>
        {article && (
          <button
            type="button"
            className="secondary"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the article “${article.title}”? This cannot be undone.`))
                remove.mutate({ id: article.id });
            }}
          >
            Delete
          </button>
        )}
        <button type="button" className="secondary" onClick={onClosed}>
          Close
        </button>
      </div>
    </form>
  );
}
