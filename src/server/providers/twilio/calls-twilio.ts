// Twilio's Calls API, read through the twilio SDK (GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json):
// what the reconciler asks about a call whose status callbacks stopped. Against the local
// simulator the SDK is rebased onto its base URL, as the messaging client is.
import twilio from 'twilio';
import { measuredCall, twilioErrorOutcome } from '../request-metrics';
import { RebasedRequestClient } from './messaging-twilio';

export type ProviderCall = {
  sid: string;
  status: string;
  startTime: Date | null;
  endTime: Date | null;
  durationSeconds: number | null;
};

export interface CallsClient {
  /** The call as Twilio knows it; null when Twilio has no such call (404). */
  fetchCall(callSid: string): Promise<ProviderCall | null>;
}

const REQUEST_TIMEOUT_MS = 10_000;

const dateOrNull = (value: Date | string | null | undefined) => {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

export class TwilioCallsClient implements CallsClient {
  private readonly client: twilio.Twilio;

  constructor(options: { accountSid: string; authToken: string; apiBaseUrl?: string }) {
    const requestOptions = { timeout: REQUEST_TIMEOUT_MS, keepAlive: true, autoRetry: false };
    const httpClient = options.apiBaseUrl
      ? new RebasedRequestClient(options.apiBaseUrl.replace(/\/+$/, ''), requestOptions)
      : new twilio.RequestClient(requestOptions);
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient,
      timeout: REQUEST_TIMEOUT_MS,
    });
  }

  async fetchCall(callSid: string): Promise<ProviderCall | null> {
    try {
      const call = await measuredCall(
        'twilio',
        'calls.fetch',
        () => this.client.calls(callSid).fetch(),
        (error) =>
          (error as { status?: unknown } | null)?.status === 404
            ? 'answer'
            : twilioErrorOutcome(error),
      );
      const duration = call.duration ? Number(call.duration) : NaN;
      return {
        sid: call.sid,
        status: call.status,
        startTime: dateOrNull(call.startTime),
        endTime: dateOrNull(call.endTime),
        durationSeconds: Number.isFinite(duration) ? duration : null,
      };
    } catch (error) {
      if (error instanceof twilio.RestException && error.status === 404) return null;
      throw error;
    }
  }
}
