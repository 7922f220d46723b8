import { withTenantTx } from '@/server/db/tx';
import { applyWebhookEvent, recordWebhookFailure } from '@/server/domain/webhooks/process';
import type { TaskHandler } from '../task-handler';

export const webhooksProcess: TaskHandler<'webhooks.process'> = async (payload, ctx) => {
  const { tenantId, webhookEventId } = payload;
  try {
    const outcome = await withTenantTx(tenantId, (tx) => applyWebhookEvent(tx, webhookEventId));
    ctx.log.info({ webhookEventId, outcome }, 'webhook event processed');
  } catch (error) {
    // The attempt's own transaction rolled back; the failure is recorded in a fresh one so the
    // archive shows attempts and the last error. Losing that note must not hide the real error.
    await withTenantTx(tenantId, (tx) => recordWebhookFailure(tx, webhookEventId, error)).catch(
      () => undefined,
    );
    throw error;
  }
};
