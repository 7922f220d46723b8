'use client';
// Articles per language on the left; the chosen article's editor and the "try a question" box on
// the right (stacked on narrow screens).
import { useState } from 'react';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime } from '@/app/_components/format';
import { errorSentence } from '@/lib/trpc/errors';
import { api } from '@/lib/trpc/react';
import { ArticleEditor } from './article-editor';
import { ARTICLE_LANGUAGES, languageName, type ArticleLanguage } from './article-draft';
import { TryQuestion } from './try-question';

/** 'new', an article's id, or null when no editor is open. */
type Editing = string | null;

export function Knowledge({ initialArticle }: { initialArticle?: string }) {
  const [language, setLanguage] = useState<ArticleLanguage | 'all'>('all');
  const [editing, setEditing] = useState<Editing>(initialArticle ?? null);
  /** The article just saved: its editor opens saying so. */
  const [savedId, setSavedId] = useState<string | null>(null);
  const open = (id: Editing) => {
    setSavedId(null);
    setEditing(id);
  };
  const saved = (id: string) => {
    setSavedId(id);
    setEditing(id);
  };
  const articles = api.knowledge.list.useQuery(
    language === 'all' ? { limit: 100 } : { language, limit: 100 },
  );
  // The list carries a preview; the editor loads the whole article.
  const edited = api.knowledge.get.useQuery(
    { id: editing ?? '' },
    { enabled: editing !== null && editing !== 'new' },
  );
  const newLanguage = language === 'all' ? 'en' : language;

  return (
    <>
      <div className="tabs" role="group" aria-label="Language">
        {(['all', ...ARTICLE_LANGUAGES.map((l) => l.value)] as const).map((code) => (
          <button
            key={code}
            type="button"
            className={code === language ? undefined : 'secondary'}
            aria-pressed={code === language}
            onClick={() => setLanguage(code)}
          >
            {code === 'all' ? 'All languages' : languageName(code)}
          </button>
        ))}
      </div>
      <div className="split">
        <div>
          <p>
            <button type="button" onClick={() => open('new')}>
              Write an article
            </button>
          </p>
          {articles.error && (
            <p className="error" role="alert">
              {errorSentence(articles.error)}
            </p>
          )}
          {articles.data?.nextCursor && (
            <p className="muted hint" role="note">
              Showing the {articles.data.items.length} most recently edited; choose a language to
              narrow the list.
            </p>
          )}
          <DataTable
            label="Articles"
            testId="articles-table"
            rows={articles.data?.items}
            rowKey={(a) => a.id}
            rowProps={(a) => ({ 'data-article': a.title })}
            empty={
              language === 'all'
                ? 'No articles yet. Write the first one: the assistant answers only from these.'
                : `No ${languageName(language)} articles yet.`
            }
            columns={[
              {
                header: 'Title',
                cell: (a) => (
                  <button type="button" className="link-button" onClick={() => open(a.id)}>
                    {a.title}
                  </button>
                ),
              },
              { header: 'Language', cell: (a) => languageName(a.language) },
              {
                header: 'Text',
                cell: (a) => <span className="preview">{a.preview}</span>,
              },
              { header: 'Tags', cell: (a) => (a.tags.length ? a.tags.join(', ') : '—') },
              { header: 'State', cell: (a) => (a.enabled ? 'answering' : 'disabled') },
              { header: 'Updated', cell: (a) => formatDateTime(a.updatedAt) },
            ]}
          />
        </div>
        <div>
          {editing === 'new' && (
            <div className="card">
              <h2 className="card-title">New article</h2>
              <ArticleEditor
                key="new"
                defaultLanguage={newLanguage}
                onSaved={saved}
                onClosed={() => open(null)}
              />
            </div>
          )}
          {editing !== null && editing !== 'new' && (
            <div className="card">
              {edited.error ? (
                <p className="error" role="alert">
                  {errorSentence(edited.error)}
                </p>
              ) : !edited.data ? (
                <p className="muted">Loading the article…</p>
              ) : (
                <>
                  <h2 className="card-title">Edit “{edited.data.title}”</h2>
                  <ArticleEditor
                    key={edited.data.id}
                    article={edited.data}
                    isJustSaved={savedId === edited.data.id}
                    defaultLanguage={newLanguage}
                    onSaved={saved}
                    onClosed={() => open(null)}
                  />
                </>
              )}
            </div>
          )}
          <TryQuestion defaultLanguage={newLanguage} onOpenArticle={open} />
        </div>
      </div>
    </>
  );
}
