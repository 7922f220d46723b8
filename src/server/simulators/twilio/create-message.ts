// The simulator's one core: POST /2010-04-01/Accounts/{accountSid}/Messages.json, as Twilio
// answers it. Both doors (http.ts for the real SDK over HTTP, inprocess-sender.ts for benchmarks)
// come here, so the same rules, log and callbacks apply to both.
import { randomBytes } from 'node:crypto';
import { API_VERSION, authorized, simulatorCredentials } from './account';
import { rfc2822, twilioError, type SimulatorAnswer } from './answers';
import { logAndSchedule } from './message-log-writer';
import { decide } from './rules';

export async function createSimulatedMessage(
  pathAccountSid: string,
  authorization: string | null,
  params: URLSearchParams,
): Promise<SimulatorAnswer> {
  const credentials = simulatorCredentials();
  if (!authorized(authorization, credentials)) return twilioError(401, 20003, 'Authenticate');
  if (pathAccountSid !== credentials.accountSid) {
    return twilioError(
      404,
      20404,
      `The requested resource /${API_VERSION}/Accounts/${pathAccountSid}/Messages.json was not found`,
    );
  }
  const to = params.get('To');
  const body = params.get('Body');
  const from = params.get('From');
  const messagingServiceSid = params.get('MessagingServiceSid');
  const statusCallback = params.get('StatusCallback');
  const decision = decide({ to, body, from, messagingServiceSid });
  if (!decision.ok) return decision.answer;
  if (statusCallback !== null && !/^https?:\/\//.test(statusCallback)) {
    return twilioError(400, 21609, 'Invalid StatusCallback URL');
  }
  const sid = `SM${randomBytes(16).toString('hex')}`;
  // With a messaging service Twilio first answers 'accepted' (it picks the sender later).
  const status = messagingServiceSid ? 'accepted' : 'queued';
  const now = new Date();
  await logAndSchedule({
    sid,
    accountSid: credentials.accountSid,
    to: to!,
    from,
    messagingServiceSid,
    body: body!,
    numSegments: decision.numSegments,
    status,
    finalStatus: decision.finalStatus,
    errorCode: decision.errorCode,
    statusCallback,
    now,
  });
  return {
    status: 201,
    body: {
      account_sid: credentials.accountSid,
      api_version: API_VERSION,
      body,
      date_created: rfc2822(now),
      date_sent: null,
      date_updated: rfc2822(now),
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: messagingServiceSid ? null : from,
      messaging_service_sid: messagingServiceSid,
      num_media: '0',
      num_segments: String(decision.numSegments),
      price: null,
      price_unit: 'USD',
      sid,
      status,
      subresource_uris: {
        media: `/${API_VERSION}/Accounts/${credentials.accountSid}/Messages/${sid}/Media.json`,
      },
      to,
      uri: `/${API_VERSION}/Accounts/${credentials.accountSid}/Messages/${sid}.json`,
    },
  };
}
