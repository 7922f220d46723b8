// The local Twilio Messages API. One core (createSimulatedMessage) behind two doors:
// - HTTP: src/app/api/simulators/twilio/2010-04-01/Accounts/[accountSid]/Messages.json/route.ts
//   hands the SDK's form-encoded, Basic-authenticated POST here (handleMessagesRequest), so the
//   real twilio SDK talks to it exactly as to api.twilio.com;
// - in-process (SIM_TWILIO_MODE=inprocess): InProcessSimulatorSender calls the core directly,
//   zero latency, for benchmarks — same rules, same log, same callbacks.
//
// Rules, all deterministic so tests and drills can aim at them:
// - To must be E.164; the fictional +1555 range and SIM_TWILIO_INVALID_NUMBERS → 400, 21211;
// - a body whose sha256 falls below SIM_TWILIO_FAIL_RATE (as a fraction of 2^32) → 503, 20503
//   (transient), every time: retrying the same body fails again, so tests can rely on it;
// - accepted messages end 'delivered', except numbers ending in 13 → 'undelivered', 30003.
// Every accepted message is one row in simulator_twilio_messages (the simulator's own log,
// which drills count) written in the same statement that enqueues its status callbacks
// (simulator.twilio-status): no row without its callbacks, no callbacks without a row.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import { getEnv } from '../../env';
import { getPool } from '../../db/client';
import { taskDefinitions } from '../../jobs/definitions';
import { countSmsSegments } from '../../../lib/sms/segments';
import type { SimulatedDelivery } from '../types';
import {
  callbackWithKey,
  realTwilioConfigured,
  SmsSendInputSchema,
  type ProviderMessage,
  type SendResult,
  type SmsSender,
  type SmsSendInput,
} from './messaging';
import { classifyTwilioError } from './messaging-errors';

const API_VERSION = '2010-04-01';
const hex32 = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 32);

/** The sender number the simulator's account owns (a fictional German number). */
export const SIMULATOR_FROM = '+4930123456';

export function simulatorCredentials(): { accountSid: string; authToken: string } {
  const env = getEnv();
  return {
    accountSid: env.SIM_TWILIO_ACCOUNT_SID ?? `AC${hex32('switchboard-twilio-simulator-account')}`,
    authToken: env.SIM_TWILIO_AUTH_TOKEN ?? hex32('switchboard-twilio-simulator-token'),
  };
}

export type SimulatorAnswer = { status: number; body: Record<string, unknown> };

const twilioError = (status: number, code: number, message: string): SimulatorAnswer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** Twilio's date format: RFC 2822 with a numeric zone. */
const rfc2822 = (d: Date) => d.toUTCString().replace(/GMT$/, '+0000');

const E164 = /^\+[1-9]\d{6,14}$/;

export type SimulatorDecision =
  | { ok: false; answer: SimulatorAnswer }
  | {
      ok: true;
      numSegments: number;
      finalStatus: 'delivered' | 'undelivered';
      errorCode: number | null;
    };

/** The simulator's rules, pure: what Twilio would answer to this request. */
export function decide(p: {
  to: string | null;
  body: string | null;
  from: string | null;
  messagingServiceSid: string | null;
}): SimulatorDecision {
  const env = getEnv();
  if (!p.to)
    return { ok: false, answer: twilioError(400, 21604, "A 'To' phone number is required.") };
  if (!p.from && !p.messagingServiceSid)
    return { ok: false, answer: twilioError(400, 21603, "A 'From' phone number is required.") };
  if (!p.body) return { ok: false, answer: twilioError(400, 21602, 'Message body is required.') };
  if (p.body.length > 1600)
    return {
      ok: false,
      answer: twilioError(
        400,
        21617,
        'The concatenated message body exceeds the 1600 character limit.',
      ),
    };
  const invalidList = env.SIM_TWILIO_INVALID_NUMBERS.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (!E164.test(p.to) || p.to.startsWith('+1555') || invalidList.includes(p.to)) {
    return { ok: false, answer: twilioError(400, 21211, `Invalid 'To' Phone Number: ${p.to}`) };
  }
  if (env.SIM_TWILIO_FAIL_RATE > 0 && bodyFraction(p.body) < env.SIM_TWILIO_FAIL_RATE) {
    return { ok: false, answer: twilioError(503, 20503, 'Service Unavailable (simulated)') };
  }
  const failing = p.to.endsWith('13');
  return {
    ok: true,
    numSegments: Math.max(1, countSmsSegments(p.body).segments),
    finalStatus: failing ? 'undelivered' : 'delivered',
    errorCode: failing ? 30003 : null,
  };
}

/** Where a body falls in [0, 1): its sha256's first 32 bits. */
export function bodyFraction(body: string): number {
  return createHash('sha256').update(body).digest().readUInt32BE(0) / 2 ** 32;
}

function authorized(
  header: string | null,
  expected: { accountSid: string; authToken: string },
): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  const want = Buffer.from(`${expected.accountSid}:${expected.authToken}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** POST /2010-04-01/Accounts/{accountSid}/Messages.json, as Twilio answers it. */
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

type LogInput = {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  numSegments: number;
  status: string;
  finalStatus: string;
  errorCode: number | null;
  statusCallback: string | null;
  now: Date;
};

// Sends arriving together (a campaign has dozens in flight) are logged together: one statement
// writes their rows and one callback job for the group, instead of a statement and a job each.
// A send still answers only after its row is committed, exactly as before.
const MAX_GROUP = 500;
let group: { row: LogInput; done: (error?: Error) => void }[] = [];
let flushScheduled = false;

function logAndSchedule(m: LogInput): Promise<void> {
  return new Promise((resolve, reject) => {
    group.push({ row: m, done: (error) => (error ? reject(error) : resolve()) });
    if (group.length >= MAX_GROUP) void flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(() => void flush());
    }
  });
}

async function flush(): Promise<void> {
  flushScheduled = false;
  const batch = group;
  group = [];
  if (batch.length === 0) return;
  try {
    await writeGroup(batch.map((b) => b.row));
    for (const b of batch) b.done();
  } catch (error) {
    const failure =
      error instanceof Error ? error : new Error('the simulator could not log the messages');
    for (const b of batch) b.done(failure);
  }
}

/** One statement (one implicit transaction): the rows, and one callback job for those with a callback URL. */
async function writeGroup(rows: LogInput[]): Promise<void> {
  const definition = taskDefinitions['simulator.twilio-status'];
  const col = <K extends keyof LogInput>(k: K) => rows.map((r) => r[k]);
  await getPool().query(
    `WITH logged AS (
       INSERT INTO simulator_twilio_messages
         (sid, account_sid, "to", "from", messaging_service_sid, body_sha256, body_length, num_segments, status, final_status, error_code, status_callback, created_at, updated_at, body)
       SELECT r.sid, r.account_sid, r.to_, r.from_, r.msid, r.sha, r.len, r.segs, r.status, r.final_status, r.error_code, r.callback, r.created, r.created, r.body
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[], $11::int[], $12::text[], $13::timestamptz[], $14::text[])
              AS r(sid, account_sid, to_, from_, msid, sha, len, segs, status, final_status, error_code, callback, created, body)
       RETURNING sid, status_callback)
     SELECT app_add_job('simulator.twilio-status', json_build_object('sids', array_agg(sid ORDER BY sid), '_meta', json_build_object()),
                        NULL, now() + $15::int * interval '1 millisecond', $16::int, 'simulator.twilio-status:' || min(sid), NULL, 'unsafe_dedupe')
       FROM logged WHERE status_callback IS NOT NULL HAVING count(*) > 0`,
    [
      col('sid'),
      col('accountSid'),
      col('to'),
      col('from'),
      col('messagingServiceSid'),
      rows.map((r) => createHash('sha256').update(r.body).digest('hex')),
      rows.map((r) => r.body.length),
      col('numSegments'),
      col('status'),
      col('finalStatus'),
      col('errorCode'),
      col('statusCallback'),
      col('now'),
      col('body'),
      getEnv().SIM_TWILIO_STATUS_DELAY_MS,
      definition.maxAttempts,
    ],
  );
}

/** The HTTP door: a Fetch Request from the route handler → Twilio's JSON answer. */
export async function handleMessagesRequest(
  request: Request,
  accountSid: string,
): Promise<Response> {
  // With real Twilio configured nothing sends through the simulator; its fixed default
  // credentials must not leave an open endpoint writing rows and scheduling outbound POSTs.
  if (realTwilioConfigured())
    return Response.json(
      twilioError(404, 20404, 'The Twilio simulator is disabled: real Twilio is configured').body,
      { status: 404 },
    );
  const contentType = request.headers.get('content-type') ?? '';
  const params = contentType.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(await request.text())
    : new URLSearchParams();
  const answer = await createSimulatedMessage(
    accountSid,
    request.headers.get('authorization'),
    params,
  );
  return Response.json(answer.body, { status: answer.status });
}

type ListedRow = {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string | null;
  num_segments: number;
  status: string;
  error_code: number | null;
  created_at: Date;
  updated_at: Date;
};

/** The simulator's Messages list: newest first, optionally to one number. */
export async function listSimulatedMessages(
  accountSid: string,
  filter: { to: string | null; limit: number },
): Promise<ListedRow[]> {
  const { rows } = await getPool().query<ListedRow>(
    `SELECT sid, account_sid, "to", "from", messaging_service_sid, body, num_segments, status, error_code, created_at, updated_at
       FROM simulator_twilio_messages
      WHERE account_sid = $1 AND ($2::text IS NULL OR "to" = $2)
      ORDER BY created_at DESC, sid DESC LIMIT $3`,
    [accountSid, filter.to, filter.limit],
  );
  return rows;
}

const messageResource = (r: ListedRow) => ({
  account_sid: r.account_sid,
  api_version: API_VERSION,
  body: r.body,
  date_created: rfc2822(r.created_at),
  date_sent: null,
  date_updated: rfc2822(r.updated_at),
  direction: 'outbound-api',
  error_code: r.error_code,
  error_message: null,
  from: r.from,
  messaging_service_sid: r.messaging_service_sid,
  num_media: '0',
  num_segments: String(r.num_segments),
  price: null,
  price_unit: 'USD',
  sid: r.sid,
  status: r.status,
  to: r.to,
  uri: `/${API_VERSION}/Accounts/${r.account_sid}/Messages/${r.sid}.json`,
});

/** GET /2010-04-01/Accounts/{accountSid}/Messages.json?To=…&PageSize=…, one page, as Twilio answers it. */
export async function handleMessagesListRequest(
  request: Request,
  accountSid: string,
): Promise<Response> {
  if (realTwilioConfigured())
    return Response.json(
      twilioError(404, 20404, 'The Twilio simulator is disabled: real Twilio is configured').body,
      { status: 404 },
    );
  const credentials = simulatorCredentials();
  if (!authorized(request.headers.get('authorization'), credentials))
    return Response.json(twilioError(401, 20003, 'Authenticate').body, { status: 401 });
  if (accountSid !== credentials.accountSid)
    return Response.json(twilioError(404, 20404, 'The requested resource was not found').body, {
      status: 404,
    });
  const url = new URL(request.url);
  const pageSize = Math.max(
    1,
    Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, 1000),
  );
  const rows = await listSimulatedMessages(accountSid, {
    to: url.searchParams.get('To'),
    limit: pageSize,
  });
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
  return Response.json({
    messages: rows.map(messageResource),
    end: Math.max(0, rows.length - 1),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: pageSize,
    previous_page_uri: null,
    start: 0,
    uri,
  });
}

/** The zero-latency door: same core, no HTTP, no SDK. */
export class InProcessSimulatorSender implements SmsSender {
  readonly mode = 'simulator-inprocess' as const;

  async send(raw: SmsSendInput): Promise<SendResult> {
    const parsed = SmsSendInputSchema.safeParse(raw);
    if (!parsed.success) {
      if (parsed.error.issues.some((i) => i.path[0] === 'to')) {
        return {
          ok: false,
          kind: 'permanent',
          code: 21211,
          message: `Invalid 'To' Phone Number: ${String(raw.to)}`,
          httpStatus: null,
          ambiguous: false,
        };
      }
      throw new Error(`invalid SMS send input: ${parsed.error.message}`);
    }
    const input = parsed.data;
    const { accountSid, authToken } = simulatorCredentials();
    const params = new URLSearchParams({
      To: input.to,
      Body: input.body,
      StatusCallback: callbackWithKey(input.statusCallback, input.idempotencyKey),
    });
    if (input.messagingServiceSid) params.set('MessagingServiceSid', input.messagingServiceSid);
    else params.set('From', input.from ?? SIMULATOR_FROM);
    const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const answer = await createSimulatedMessage(accountSid, authorization, params);
    if (answer.status === 201) {
      return {
        ok: true,
        sid: String(answer.body.sid),
        status: answer.body.status as 'queued' | 'accepted',
        numSegments: Number(answer.body.num_segments),
      };
    }
    const code = typeof answer.body.code === 'number' ? answer.body.code : null;
    return {
      ok: false,
      kind: classifyTwilioError(code, answer.status),
      code,
      message: String(answer.body.message),
      httpStatus: answer.status,
      ambiguous: false,
    };
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

// ---- status callbacks (run by the simulator.twilio-status job) ----

export type SimulatedMessageRow = {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  status: string;
  finalStatus: string;
  errorCode: number | null;
  statusCallback: string | null;
};

export async function loadSimulatedMessage(sid: string): Promise<SimulatedMessageRow | null> {
  const { rows } = await getPool().query<SimulatedMessageRow>(
    `SELECT sid, account_sid AS "accountSid", "to", "from", messaging_service_sid AS "messagingServiceSid", status,
            final_status AS "finalStatus", error_code AS "errorCode", status_callback AS "statusCallback"
       FROM simulator_twilio_messages WHERE sid = $1`,
    [sid],
  );
  return rows[0] ?? null;
}

export async function recordSimulatedStatus(sid: string, status: string): Promise<void> {
  await getPool().query(
    'UPDATE simulator_twilio_messages SET status = $2, updated_at = now() WHERE sid = $1',
    [sid, status],
  );
}

/** The transitions Twilio reports after accepting: sent, then the final status. */
export const callbackSequence = (row: SimulatedMessageRow) => ['sent', row.finalStatus];

/** A status callback as Twilio posts it: form-encoded, signed with the receiver's auth token. */
export function statusCallbackDelivery(
  row: SimulatedMessageRow,
  status: string,
  authToken: string,
): SimulatedDelivery {
  if (!row.statusCallback) throw new Error(`message ${row.sid} has no status callback`);
  const params: Record<string, string> = {
    ApiVersion: API_VERSION,
    AccountSid: row.accountSid,
    SmsSid: row.sid,
    SmsStatus: status,
    MessageSid: row.sid,
    MessageStatus: status,
    To: row.to,
  };
  if (row.from) params.From = row.from;
  if (row.messagingServiceSid) params.MessagingServiceSid = row.messagingServiceSid;
  if ((status === 'undelivered' || status === 'failed') && row.errorCode !== null)
    params.ErrorCode = String(row.errorCode);
  const signature = twilio.getExpectedTwilioSignature(authToken, row.statusCallback, params);
  return {
    method: 'POST',
    url: row.statusCallback,
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'user-agent': 'TwilioProxy/1.1',
      'i-twilio-idempotency-token': `${row.sid}-${status}`,
    },
  };
}

export async function postStatusCallback(
  delivery: SimulatedDelivery,
  signal?: AbortSignal,
): Promise<number> {
  const response = await fetch(delivery.url, {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
    signal: signal
      ? AbortSignal.any([signal, AbortSignal.timeout(10_000)])
      : AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}
