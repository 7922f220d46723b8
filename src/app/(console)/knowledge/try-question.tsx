'use client';
// "Try a question": what the assistant would answer, how sure it is, from which articles, and
// which answerer gave it (the built-in matcher, or the language model and whether it fell back).
import { useState, type FormEvent } from 'react';
import { FieldError } from '@/app/_components/field-error';
import { describeError } from '@/lib/trpc/errors';
import { api } from '@/lib/trpc/react';
import { ARTICLE_LANGUAGES, type ArticleLanguage } from './article-draft';

const percent = (value: number) => `${Math.round(value * 100)} %`;

export function TryQuestion({
  defaultLanguage,
  onOpenArticle,
}: {
  defaultLanguage: ArticleLanguage;
  onOpenArticle: (id: string) => void;
}) {
  const [question, setQuestion] = useState('');
  const [language, setLanguage] = useState<ArticleLanguage>(defaultLanguage);
  const ask = api.knowledge.try.useMutation();
  const failure = describeError(ask.error, { question: 'the question', language: 'the language' });
  // The engine refuses an empty or too long question by itself (not a field error): same place.
  const questionError = failure.fields.question ?? (ask.error ? failure.sentence : undefined);
  const answer = ask.data;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    ask.mutate({ question, language });
  }

  return (
    <div className="card" data-testid="try-question">
      <h2 className="card-title">Try a question</h2>
      <form className="stack wide-form" onSubmit={onSubmit} noValidate aria-label="Try a question">
        <label>
          Question
          <textarea
            name="question"
            value={question}
            rows={2}
            maxLength={4000}
            placeholder="e.g. When are you open on Saturday?"
            aria-invalid={questionError ? true : undefined}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <FieldError message={questionError} />
        </label>
        <label>
          Language
          <select
            name="language"
            value={language}
            onChange={(e) => setLanguage(e.target.value as ArticleLanguage)}
          >
            {ARTICLE_LANGUAGES.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <div className="button-row">
          <button type="submit" disabled={ask.isPending}>
            {ask.isPending ? 'Asking…' : 'Ask'}
          </button>
        </div>
      </form>
      {answer && (
        <div className="answer" data-testid="try-answer" aria-live="polite">
          <p className={answer.known ? undefined : 'muted'}>
            <strong>{answer.known ? 'Answer' : 'No article answers this'}:</strong> {answer.text}
          </p>
          <dl className="facts">
            <dt>Confidence</dt>
            <dd data-testid="try-confidence">{percent(answer.confidence)}</dd>
            <dt>Best score</dt>
            <dd data-testid="try-score">{answer.score.toFixed(2)}</dd>
            <dt>Answerer</dt>
            <dd data-testid="try-answerer">
              {answer.answerer === 'openai' ? 'language model' : 'built-in (best article)'}
              {answer.fellBack ? ', after the language model failed' : ''}
            </dd>
            <dt>Took</dt>
            <dd>{answer.latencyMs} ms</dd>
          </dl>
          {answer.sources.length === 0 ? (
            <p className="muted">No article matched the question.</p>
          ) : (
            <>
              <h3 className="card-title">Sources</h3>
              <ol className="sources" data-testid="try-sources">
                {answer.sources.map((s) => (
                  <li key={s.articleId}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onOpenArticle(s.articleId)}
                    >
                      {s.title}
                    </button>{' '}
                    <span className="muted">score {s.score.toFixed(2)}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </div>
  );
}
