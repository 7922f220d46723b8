import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import {
  classifyTwilioError,
  TWILIO_ERROR_KINDS,
} from '../../src/server/providers/twilio/messaging-errors';
import { failureOf } from '../../src/server/providers/twilio/messaging-twilio';

describe('Twilio send error classification', () => {
  it.each([
    [21211, 400, 'permanent'], // invalid To
    [21610, 400, 'permanent'], // STOP
    [21614, 400, 'permanent'], // not a mobile number
    [21408, 400, 'permanent'], // region not enabled
    [21617, 400, 'permanent'], // body too long
    [20003, 401, 'permanent'], // bad credentials
    [20429, 429, 'transient'], // too many requests
    [20503, 503, 'transient'], // service unavailable
  ] as const)('code %i (HTTP %i) is %s', (code, status, kind) => {
    expect(classifyTwilioError(code, status)).toBe(kind);
  });

  it('falls back to the HTTP status for codes it does not know', () => {
    expect(classifyTwilioError(99999, 429)).toBe('transient');
    expect(classifyTwilioError(99999, 500)).toBe('transient');
    expect(classifyTwilioError(99999, 502)).toBe('transient');
    expect(classifyTwilioError(null, 400)).toBe('permanent');
    expect(classifyTwilioError(null, 404)).toBe('permanent');
    expect(classifyTwilioError(null, null)).toBe('transient');
  });

  it('gives every tabled code a verdict', () => {
    for (const kind of Object.values(TWILIO_ERROR_KINDS))
      expect(['permanent', 'transient']).toContain(kind);
  });

  it("maps the SDK's RestException and network errors", () => {
    const rest = new twilio.RestException({
      statusCode: 400,
      body: JSON.stringify({
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
        status: 400,
      }),
    });
    expect(failureOf(rest)).toEqual({
      ok: false,
      kind: 'permanent',
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
      httpStatus: 400,
      ambiguous: false,
    });
    const limited = new twilio.RestException({
      statusCode: 429,
      body: { code: 20429, message: 'Too Many Requests' },
    });
    expect(failureOf(limited)).toMatchObject({ kind: 'transient', code: 20429, httpStatus: 429 });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    expect(failureOf(refused)).toMatchObject({
      kind: 'transient',
      code: null,
      httpStatus: null,
      ambiguous: false,
    });
    const timedOut = Object.assign(new Error('timeout of 10000ms exceeded'), {
      code: 'ECONNABORTED',
    });
    expect(failureOf(timedOut)).toMatchObject({
      kind: 'transient',
      httpStatus: null,
      ambiguous: true,
    });
  });
});
