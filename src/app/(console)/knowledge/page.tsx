import { Knowledge } from './knowledge';

export const dynamic = 'force-dynamic';

/** `?article=<id>` opens that article (the call detail's sources link here). */
export default async function KnowledgePage({
  searchParams,
}: {
  searchParams: Promise<{ article?: string }>;
}) {
  const { article } = await searchParams;
  const initialArticle =
    typeof article === 'string' && /^[0-9a-f-]{36}$/i.test(article) ? article : undefined;
  return (
    <>
      <h1>Knowledge</h1>
      <p className="muted">
        What the assistant answers from, on the phone and in chats. Each article is in one language
        and answers callers of lines in that language. Ask a question below to see which article
        answers it, and how sure the assistant is.
      </p>
      <Knowledge initialArticle={initialArticle} />
    </>
  );
}
