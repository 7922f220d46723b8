// The zero-latency door (SIM_TWILIO_MODE=inprocess, for benchmarks): an SmsSender that calls the
// simulator's core directly, no HTTP and no SDK — same rules, same log, same callbacks.
import {
  callbackWithKey,
  parseSmsSendInput,
  type ProviderMessage,
  type SendResult,
  type SmsSender,
  type SmsSendInput,
} from '../../providers/twilio/messaging';
import { classifyTwilioError } from '../../providers/twilio/messaging-errors';
import { countedSmsResult } from '../../providers/request-metrics';
import { basicAuthorization, SIMULATOR_FROM, simulatorCredentials } from './account';
import { createSimulatedMessage } from './create-message';
import { listSimulatedMessages } from './message-log';

export class InProcessSimulatorSender implements SmsSender {
  readonly mode = 'simulator-inprocess' as const;

  async send(raw: SmsSendInput): Promise<SendResult> {
    const parsed = parseSmsSendInput(raw);
    if (!parsed.ok) return parsed.result;
    const { input } = parsed;
    const credentials = simulatorCredentials();
    const params = new URLSearchParams({
      To: input.to,
      Body: input.body,
      StatusCallback: callbackWithKey(input.statusCallback, input.idempotencyKey),
    });
    if (input.messagingServiceSid) params.set('MessagingServiceSid', input.messagingServiceSid);
    else params.set('From', input.from ?? SIMULATOR_FROM);
    const started = performance.now();
    const answer = await createSimulatedMessage(
      credentials.accountSid,
      basicAuthorization(credentials),
      params,
    );
    if (answer.status === 201) {
      return countedSmsResult(
        {
          ok: true,
          sid: String(answer.body.sid),
          status: answer.body.status as 'queued' | 'accepted',
          numSegments: Number(answer.body.num_segments),
        },
        started,
      );
    }
    const code = typeof answer.body.code === 'number' ? answer.body.code : null;
    return countedSmsResult(
      {
        ok: false,
        kind: classifyTwilioError(code, answer.status),
        code,
        message: String(answer.body.message),
        httpStatus: answer.status,
        ambiguous: false,
      },
      started,
    );
  }

  async recentMessagesTo(to: string, limit: number): Promise<ProviderMessage[]> {
    const rows = await listSimulatedMessages(simulatorCredentials().accountSid, { to, limit });
    return rows.map((r) => ({
      sid: r.sid,
      status: r.status,
      body: r.body,
      dateCreated: r.created_at,
    }));
  }
}
