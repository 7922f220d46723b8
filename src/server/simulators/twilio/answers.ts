// Twilio's answer formats, as its Messages API writes them: errors, dates, message resources.
import { API_VERSION } from './account';

export type SimulatorAnswer = { status: number; body: Record<string, unknown> };

export const twilioError = (status: number, code: number, message: string): SimulatorAnswer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** What both doors answer while real Twilio is configured (the simulator is switched off). */
export const disabledAnswer = () =>
  twilioError(404, 20404, 'The Twilio simulator is disabled: real Twilio is configured');

/** Twilio's date format: RFC 2822 with a numeric zone. */
export const rfc2822 = (d: Date) => d.toUTCString().replace(/GMT$/, '+0000');

/** One message as the Messages list shows it. */
export type ListedMessage = {
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

export const messageResource = (r: ListedMessage) => ({
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

/** One call as the Calls API answers it (GET …/Calls/{CallSid}.json). */
export const callResource = (r: {
  sid: string;
  account_sid: string;
  from: string;
  to: string;
  status: string;
  start_time: Date | null;
  end_time: Date | null;
  duration: number | null;
  created_at: Date;
  updated_at: Date;
}) => ({
  account_sid: r.account_sid,
  answered_by: null,
  api_version: API_VERSION,
  caller_name: null,
  date_created: rfc2822(r.created_at),
  date_updated: rfc2822(r.updated_at),
  direction: 'inbound',
  duration: r.duration === null ? null : String(r.duration),
  end_time: r.end_time ? rfc2822(r.end_time) : null,
  forwarded_from: null,
  from: r.from,
  from_formatted: r.from,
  group_sid: null,
  parent_call_sid: null,
  phone_number_sid: null,
  price: null,
  price_unit: 'USD',
  sid: r.sid,
  start_time: r.start_time ? rfc2822(r.start_time) : null,
  status: r.status,
  subresource_uris: {},
  to: r.to,
  to_formatted: r.to,
  trunk_sid: null,
  uri: `/${API_VERSION}/Accounts/${r.account_sid}/Calls/${r.sid}.json`,
  queue_time: '0',
});
