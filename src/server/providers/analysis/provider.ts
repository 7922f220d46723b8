import { randomBytes } from 'node:crypto';
import type { WebhookProvider } from '../types';
import { analysisEventOf, readAnalysisEvent, type AnalysisEvent } from './events';
import { parseJson } from '../hmac';
import { analysisPayloadSchema, webhookIdSchema } from './schemas';
import { verifyAnalysis } from './verify';

export const analysisProvider: WebhookProvider<AnalysisEvent> = {
  name: 'analysis',
  // Standard Webhooks secret format: whsec_ + base64 of 24-64 random bytes.
  generateSecret: () => `whsec_${randomBytes(32).toString('base64')}`,
  verify: verifyAnalysis,
  archivedHeaders: ['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp'],
  readEvent: readAnalysisEvent,
  parse(delivery) {
    const id = webhookIdSchema.safeParse(delivery.headers.get('webhook-id') ?? '');
    if (!id.success) return { ok: false, detail: id.error.issues.map((i) => i.message).join('; ') };
    const json = parseJson(delivery.text);
    if (!json.ok) return json;
    const payload = analysisPayloadSchema.safeParse(json.value);
    if (!payload.success)
      return {
        ok: false,
        detail: `not an analysis event: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
    return {
      ok: true,
      event: {
        eventId: id.data,
        eventType: payload.data.type,
        payload: payload.data,
        typed: analysisEventOf(payload.data),
        meta: { analysisId: payload.data.data.analysisId },
      },
    };
  },
};
