// What the calls pages say for the stored codes (statuses, outcomes, turn results).
export const OUTCOMES: Record<string, string> = {
  'answered-by-assistant': 'answered by the assistant',
  transferred: 'transferred to a person',
  voicemail: 'left a message',
  abandoned: 'caller hung up',
  failed: 'failed',
};

export const outcomeText = (outcome: string | null) =>
  outcome === null ? 'in progress' : (OUTCOMES[outcome] ?? outcome);

export const TURN_RESULTS: Record<string, string> = {
  pending: 'still answering',
  answered: 'answered',
  unknown: "didn't know",
  transfer: 'handed over',
  failed: 'could not answer',
};

export const turnResultText = (status: string) => TURN_RESULTS[status] ?? status;

export type TurnSource = { articleId: string | null; title: string; score: number | null };

/** call_turns.sources as the answer recorded them; anything unreadable is left out. */
export function sourcesOf(value: unknown): TurnSource[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const s = item as { articleId?: unknown; title?: unknown; score?: unknown };
    if (typeof s.title !== 'string') return [];
    return [
      {
        articleId: typeof s.articleId === 'string' ? s.articleId : null,
        title: s.title,
        score: typeof s.score === 'number' ? s.score : null,
      },
    ];
  });
}
