// The Twilio simulator's delivery reports: posts `sent`, then the final status, to each message's
// StatusCallback, signed like Twilio, several messages at a time. A failed post throws, so the job
// retries with backoff; messages already reported to the end are skipped, the others re-post
// both (the receiver keys events by MessageSid + status, so a repeat is stored once).
import { simulatorCredentials } from '@/server/simulators/twilio/account';
import { twilioCallbackAuthToken } from '@/server/simulators/twilio/callback-token';
import {
  loadSimulatedMessage,
  recordSimulatedStatus,
} from '@/server/simulators/twilio/message-log';
import {
  callbackSequence,
  postStatusCallback,
  statusCallbackDelivery,
} from '@/server/simulators/twilio/status-callbacks';
import type { TaskContext, TaskHandler } from '../task-handler';

const PARALLEL_POSTS = 8;

async function report(
  sid: string,
  ctx: TaskContext,
  tokens: Map<string, Promise<string | null>>,
): Promise<void> {
  const message = await loadSimulatedMessage(sid);
  if (!message?.statusCallback) {
    ctx.log.warn({ sid }, 'simulated message gone or without a status callback; nothing to report');
    return;
  }
  if (message.status === message.finalStatus) return;
  // A connection deleted since the send: sign with the simulator account's token (the receiver
  // will refuse it, as it would refuse Twilio) rather than retry forever.
  const url = new URL(message.statusCallback);
  const connection = `${url.origin}${url.pathname}`;
  if (!tokens.has(connection))
    tokens.set(connection, twilioCallbackAuthToken(message.statusCallback));
  const authToken = (await tokens.get(connection)) ?? simulatorCredentials().authToken;
  for (const status of callbackSequence(message)) {
    const httpStatus = await postStatusCallback(
      statusCallbackDelivery(message, status, authToken),
      ctx.signal,
    );
    if (httpStatus >= 500 || httpStatus === 429)
      throw new Error(`status callback ${status} for ${sid} answered ${httpStatus}`);
    if (httpStatus >= 400)
      ctx.log.warn({ sid, status, httpStatus }, 'status callback refused; not retried');
    await recordSimulatedStatus(sid, status);
  }
}

export const simulatorTwilioStatus: TaskHandler<'simulator.twilio-status'> = async (
  { sids },
  ctx,
) => {
  const tokens = new Map<string, Promise<string | null>>();
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_POSTS, sids.length) }, async () => {
      while (next < sids.length) {
        const sid = sids[next++]!;
        await report(sid, ctx, tokens).catch((error: unknown) => errors.push(error));
      }
    }),
  );
  if (errors.length > 0)
    throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
};
