import { getEnv } from '@/server/env';
import { reconcileCalls } from '@/server/domain/calls/reconcile';
import { getCallsClient } from '@/server/simulators/clients';
import type { TaskHandler } from '../task-handler';

export const callsReconcile: TaskHandler<'calls.reconcile'> = async (_payload, ctx) => {
  const report = await reconcileCalls({
    client: getCallsClient(),
    olderThanMinutes: getEnv().VOICE_RECONCILE_AFTER_MINUTES,
  });
  if (report.examined > 0) ctx.log.warn({ ...report }, 'reconciler asked about stuck calls');
};
