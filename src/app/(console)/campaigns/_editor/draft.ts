// The editor's form state and its conversions: tags are typed as text and sent as lists; a
// stored campaign's audience (JSON) is read back defensively.
import { parseTemplate } from '@/lib/sms/template';
import type { CampaignView } from '../_components/types';

export type Draft = {
  name: string;
  body: string;
  tagsAny: string;
  tagsAll: string;
  tagsNone: string;
};
export type Audience = { tagsAny: string[]; tagsAll: string[]; tagsNone: string[] };

export const EMPTY_DRAFT: Draft = { name: '', body: '', tagsAny: '', tagsAll: '', tagsNone: '' };
export const MAX_BODY = 1600;

const tagsOf = (raw: string) => [
  ...new Set(
    raw
      .split(/[;,|]/)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  ),
];
const listOf = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function audienceOf(draft: Draft): Audience {
  return {
    tagsAny: tagsOf(draft.tagsAny),
    tagsAll: tagsOf(draft.tagsAll),
    tagsNone: tagsOf(draft.tagsNone),
  };
}

export function draftInputOf(draft: Draft) {
  return { name: draft.name.trim(), body: draft.body, audience: audienceOf(draft) };
}

export function draftOf(campaign: Pick<CampaignView, 'name' | 'body' | 'audience'>): Draft {
  const a = (campaign.audience ?? {}) as Record<string, unknown>;
  return {
    name: campaign.name,
    body: campaign.body,
    tagsAny: listOf(a.tagsAny).join(', '),
    tagsAll: listOf(a.tagsAll).join(', '),
    tagsNone: listOf(a.tagsNone).join(', '),
  };
}

/** What is wrong with a message body before the server is asked, or null. */
export function bodyProblem(body: string): string | null {
  const text = body.trim();
  if (text === '') return 'the message is empty';
  if (text.length > MAX_BODY) return `at most ${MAX_BODY} characters`;
  const parsed = parseTemplate(text);
  return parsed.ok ? null : parsed.error;
}
