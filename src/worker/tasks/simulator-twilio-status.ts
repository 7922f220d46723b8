// The Twilio simulator's delivery reports: posts `sent`, then the final status, to the message's
// StatusCallback, signed like Twilio. A failed post throws, so the job retries with backoff and
// re-posts both; the receiver keys events by MessageSid + status, so a repeat is stored once.
import { twilioCallbackAuthToken } from '@/server/domain/simulators/twilio-callback-token';
import { callbackSequence, loadSimulatedMessage, postStatusCallback, recordSimulatedStatus, simulatorCredentials, statusCallbackDelivery } from '@/server/providers/twilio/messaging-simulator';
import type { TaskHandler } from '../task-handler';

export const simulatorTwilioStatus: TaskHandler<'simulator.twilio-status'> = async ({ sid }, ctx) => {
  const message = await loadSimulatedMessage(sid);
  if (!message?.statusCallback) {
    ctx.log.warn({ sid }, 'simulated message gone or without a status callback; nothing to report');
    return;
  }
  // A connection deleted since the send: sign with the simulator account's token (the receiver
  // will refuse it, as it would refuse Twilio) rather than retry forever.
  const authToken = (await twilioCallbackAuthToken(message.statusCallback)) ?? simulatorCredentials().authToken;
  for (const status of callbackSequence(message)) {
    const httpStatus = await postStatusCallback(statusCallbackDelivery(message, status, authToken), ctx.signal);
    if (httpStatus >= 500 || httpStatus === 429) throw new Error(`status callback ${status} for ${sid} answered ${httpStatus}`);
    if (httpStatus >= 400) ctx.log.warn({ sid, status, httpStatus }, 'status callback refused; not retried');
    await recordSimulatedStatus(sid, status);
  }
};
