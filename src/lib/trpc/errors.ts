// What a failed tRPC call says to a person: the field messages (zod's flattened field errors, or
// a domain error's details.fieldErrors) to show next to their inputs, and one sentence. A bad
// input's own message is zod's JSON of its issues, which is never shown as it is.
export type FieldMessages = Record<string, string>;
export type ErrorSummary = { fields: FieldMessages; sentence: string };

type ErrorLike =
  | {
      message?: string;
      data?: {
        httpStatus?: number;
        fieldErrors?: Record<string, string[] | undefined> | null;
        details?: { fieldErrors?: Record<string, string[] | undefined> } | null;
      } | null;
    }
  | null
  | undefined;

const looksLikeJson = (text: string) => /^\s*[[{]/.test(text);

/** "at most 80 characters" → "At most 80 characters." */
const asSentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

export function describeError(error: ErrorLike, labels: Record<string, string> = {}): ErrorSummary {
  if (!error) return { fields: {}, sentence: '' };
  const raw = error.data?.fieldErrors ?? error.data?.details?.fieldErrors ?? {};
  const fields: FieldMessages = {};
  for (const [name, messages] of Object.entries(raw)) {
    const first = messages?.[0];
    if (first) fields[name] = asSentence(first);
  }
  const named = Object.keys(fields);
  if (named.length > 0) {
    const list = named.map((n) => labels[n] ?? n).join(', ');
    return { fields, sentence: `Please correct ${list}: ${named.map((n) => fields[n]).join(' ')}` };
  }
  const message = error.message ?? '';
  if (!message || looksLikeJson(message))
    return {
      fields,
      sentence:
        (error.data?.httpStatus ?? 500) < 500
          ? 'The request was refused; please check what you entered.'
          : 'Something went wrong on our side; please try again.',
    };
  // A domain error's message is already written for people (and quoted by tests as it is).
  return { fields, sentence: message };
}

/** The sentence alone, for errors with no form around them (a list that failed to load). */
export const errorSentence = (error: ErrorLike) => describeError(error).sentence;

/** TanStack Query's retry: a 4xx will answer the same again, so only other failures are retried once. */
export function retryUnlessClientError(failureCount: number, error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } | null } | null)?.data?.httpStatus;
  if (status !== undefined && status >= 400 && status < 500) return false;
  return failureCount < 1;
}
