// What the editor shows before launch: the audience (who would be messaged, who skipped and
// why), the merged message for a sample contact, its encoding and segments, the total cost and
// whether the wallet covers it. The cost is exact: it merges every sendable contact's message.
import type { Tx } from '../../db/tx';
import { countSmsSegments } from '@/lib/sms/segments';
import { mergeTemplate, parseTemplate } from '@/lib/sms/template';
import { countAudience, listAudiencePage, type AudienceFilter } from '../contacts';
import { getAvailableCredits } from '../wallet';
import { ValidationError } from '../errors';

const PAGE = 5_000;

export async function previewCampaign(
  tx: Tx,
  { tenantId, ...input }: { tenantId: string; body: string; audience: AudienceFilter },
) {
  const parsed = parseTemplate(input.body);
  if (!parsed.ok) throw new ValidationError(parsed.error, { field: 'body' });
  const audience = await countAudience(tx, input.audience);
  let credits = 0;
  let sample: { name: string | null; message: string } | null = null;
  let afterId: string | undefined;
  for (;;) {
    const page = await listAudiencePage(tx, { filter: input.audience, afterId, limit: PAGE });
    for (const m of page) {
      if (m.skipReason) continue;
      const message = mergeTemplate(parsed, { name: m.name });
      sample ??= { name: m.name, message };
      credits += countSmsSegments(message).segments;
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  const example = sample?.message ?? mergeTemplate(parsed, { name: null });
  const info = countSmsSegments(example);
  const available = await getAvailableCredits(tx, { tenantId });
  return {
    audience,
    sample: {
      name: sample?.name ?? null,
      message: example,
      encoding: info.encoding,
      segments: info.segments,
    },
    credits,
    available,
    covered: credits <= available,
  };
}
