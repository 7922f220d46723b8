// The Twilio simulator over real HTTP on 127.0.0.1, driven by the real twilio SDK through
// getSmsSender() (no Twilio credentials → the simulator, SIM_TWILIO_MODE=http).
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countSmsSegments } from '../../src/lib/sms/segments';
import { getSmsSender } from '../../src/server/simulators/clients';
import { TwilioSmsSender } from '../../src/server/providers/twilio/messaging-twilio';
import { bodyFraction } from '../../src/server/simulators/twilio/rules';
import { SIMULATOR_FROM, simulatorCredentials } from '../../src/server/simulators/twilio/account';
import { ownerQuery } from '../helpers/fixtures';
import { bodyOnSide, setEnv, useHttpTwilioSimulator, startTestApp, type TestApp } from './server';

let app: TestApp;
const callback = () => `${app.origin}/api/webhooks/twilio/whc_nowhere`;

type LogRow = {
  sid: string;
  to: string;
  from: string | null;
  body_sha256: string;
  body_length: number;
  num_segments: number;
  status: string;
  final_status: string;
  error_code: number | null;
  status_callback: string | null;
};
const logRows = (to: string) =>
  ownerQuery<LogRow>(
    'SELECT sid, "to", "from", body_sha256, body_length, num_segments, status, final_status, error_code, status_callback FROM simulator_twilio_messages WHERE "to" = $1',
    [to],
  );
const statusJobs = () =>
  ownerQuery<{ key: string; payload: { sids: string[] } }>(
    `SELECT j.key, j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'simulator.twilio-status'`,
  );

beforeAll(async () => {
  useHttpTwilioSimulator();
  app = await startTestApp();
});
afterAll(async () => app.close());
beforeEach(() => setEnv({ SIM_TWILIO_FAIL_RATE: '0', SIM_TWILIO_INVALID_NUMBERS: undefined }));

describe('Twilio simulator over HTTP, through the twilio SDK', () => {
  it('is what getSmsSender() returns without Twilio credentials', () => {
    expect(getSmsSender().mode).toBe('simulator-http');
  });

  it('accepts a send: Twilio message resource, segments counted, one log row, its callbacks scheduled', async () => {
    const body = 'Hello from Switchboard! '.repeat(8); // 192 GSM-7 characters: 2 segments
    const result = await getSmsSender().send({
      to: '+4915112345001',
      body,
      statusCallback: callback(),
      idempotencyKey: 'recipient-1',
    });
    expect(result).toEqual({
      ok: true,
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) as unknown,
      status: 'queued',
      numSegments: countSmsSegments(body).segments,
    });
    expect(countSmsSegments(body).segments).toBe(2);
    const rows = await logRows('+4915112345001');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      sid: result.ok ? result.sid : '',
      from: SIMULATOR_FROM,
      body_length: body.length,
      num_segments: 2,
      status: 'queued',
      final_status: 'delivered',
      error_code: null,
    });
    // our key rides in the callback URL, so every status callback carries it back
    expect(new URL(rows[0]!.status_callback!).searchParams.get('sbk')).toBe('recipient-1');
    expect((await statusJobs()).filter((j) => j.payload.sids.includes(rows[0]!.sid))).toEqual([
      {
        key: `simulator.twilio-status:${rows[0]!.sid}`,
        payload: expect.objectContaining({ sids: [rows[0]!.sid] }) as unknown,
      },
    ]);
  });

  it('answers a messaging-service send with status accepted', async () => {
    const result = await getSmsSender().send({
      to: '+4915112345002',
      body: 'via a service',
      messagingServiceSid: `MG${'a'.repeat(32)}`,
      statusCallback: callback(),
      idempotencyKey: 'recipient-2',
    });
    expect(result).toMatchObject({ ok: true, status: 'accepted', numSegments: 1 });
    expect(await logRows('+4915112345002')).toMatchObject([{ from: null, status: 'accepted' }]);
  });

  it('speaks the wire format: form POST + Basic auth in, Twilio JSON out', async () => {
    const { accountSid, authToken } = simulatorCredentials();
    const url = `${app.origin}/api/simulators/twilio/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const ok = await fetch(url, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: '+4915112345003', From: SIMULATOR_FROM, Body: 'Grüße 😀' }),
    });
    expect(ok.status).toBe(201);
    const message = (await ok.json()) as Record<string, unknown>;
    expect(message).toMatchObject({
      account_sid: accountSid,
      api_version: '2010-04-01',
      status: 'queued',
      direction: 'outbound-api',
      error_code: null,
      num_segments: '1',
      to: '+4915112345003',
      from: SIMULATOR_FROM,
    });
    expect(message.uri).toBe(
      `/2010-04-01/Accounts/${accountSid}/Messages/${String(message.sid)}.json`,
    );
    expect(String(message.date_created)).toMatch(
      /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
    );

    const bad = await fetch(url, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: SIMULATOR_FROM, Body: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: 21604,
      message: "A 'To' phone number is required.",
      more_info: 'https://www.twilio.com/docs/errors/21604',
      status: 400,
    });

    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'To=%2B4915112345003',
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 20003 });
    expect(await logRows('+4915112345003')).toHaveLength(1);
  });

  it('refuses invalid numbers permanently (fictional +1555 range, the env list, non-E.164) and logs nothing', async () => {
    setEnv({ SIM_TWILIO_INVALID_NUMBERS: '+4915112345099, +4915112345098' });
    const sender = getSmsSender();
    for (const to of ['+15551234567', '+4915112345099']) {
      expect(
        await sender.send({
          to,
          body: 'hi',
          statusCallback: callback(),
          idempotencyKey: `k-${to}`,
        }),
      ).toEqual({
        ok: false,
        kind: 'permanent',
        code: 21211,
        message: `Invalid 'To' Phone Number: ${to}`,
        httpStatus: 400,
        ambiguous: false,
      });
      expect(await logRows(to)).toHaveLength(0);
    }
    expect(
      await sender.send({
        to: '015112345678',
        body: 'hi',
        statusCallback: callback(),
        idempotencyKey: 'k-local',
      }),
    ).toMatchObject({ ok: false, kind: 'permanent', code: 21211, httpStatus: null });
  });

  it('injects transient 503s for the bodies the fail rate picks, deterministically', async () => {
    setEnv({ SIM_TWILIO_FAIL_RATE: '0.5' });
    const failing = bodyOnSide(0.5, true, bodyFraction);
    const passing = bodyOnSide(0.5, false, bodyFraction);
    const sender = getSmsSender();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(
        await sender.send({
          to: '+4915112345004',
          body: failing,
          statusCallback: callback(),
          idempotencyKey: 'k4',
        }),
      ).toEqual({
        ok: false,
        kind: 'transient',
        code: 20503,
        message: 'Service Unavailable (simulated)',
        httpStatus: 503,
        ambiguous: false,
      });
    }
    expect(
      await sender.send({
        to: '+4915112345004',
        body: passing,
        statusCallback: callback(),
        idempotencyKey: 'k4b',
      }),
    ).toMatchObject({ ok: true });
    expect(await logRows('+4915112345004')).toHaveLength(1);
  });

  it('switches its endpoint off once real Twilio is configured', async () => {
    const { accountSid, authToken } = simulatorCredentials();
    setEnv({
      TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+4930999999',
    });
    try {
      const response = await fetch(
        `${app.origin}/api/simulators/twilio/2010-04-01/Accounts/${accountSid}/Messages.json`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ To: '+4915112345007', From: SIMULATOR_FROM, Body: 'x' }),
        },
      );
      expect(response.status).toBe(404);
      expect(await logRows('+4915112345007')).toHaveLength(0);
    } finally {
      setEnv({
        TWILIO_ACCOUNT_SID: undefined,
        TWILIO_AUTH_TOKEN: undefined,
        TWILIO_FROM: undefined,
      });
    }
  });

  it('refuses wrong credentials permanently (20003)', async () => {
    const { accountSid } = simulatorCredentials();
    const sender = new TwilioSmsSender({
      mode: 'simulator-http',
      accountSid,
      authToken: 'wrong',
      from: SIMULATOR_FROM,
      apiBaseUrl: `${app.origin}/api/simulators/twilio`,
    });
    expect(
      await sender.send({
        to: '+4915112345005',
        body: 'hi',
        statusCallback: callback(),
        idempotencyKey: 'k5',
      }),
    ).toMatchObject({ ok: false, kind: 'permanent', code: 20003, httpStatus: 401 });
  });

  it('reports network errors as transient, and a timeout as ambiguous', async () => {
    const { accountSid, authToken } = simulatorCredentials();
    // a port nobody listens on: refused before anything was sent
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = new TwilioSmsSender({
      mode: 'simulator-http',
      accountSid,
      authToken,
      from: SIMULATOR_FROM,
      apiBaseUrl: `http://127.0.0.1:${port}`,
    });
    expect(
      await refused.send({
        to: '+4915112345006',
        body: 'hi',
        statusCallback: callback(),
        idempotencyKey: 'k6',
      }),
    ).toMatchObject({ ok: false, kind: 'transient', httpStatus: null, ambiguous: false });

    // a server that accepts the request and never answers: the request may have been acted on
    const silent = createHttpServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const slow = new TwilioSmsSender({
        mode: 'simulator-http',
        accountSid,
        authToken,
        from: SIMULATOR_FROM,
        apiBaseUrl: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
        timeoutMs: 300,
      });
      expect(
        await slow.send({
          to: '+4915112345006',
          body: 'hi',
          statusCallback: callback(),
          idempotencyKey: 'k6',
        }),
      ).toMatchObject({ ok: false, kind: 'transient', httpStatus: null, ambiguous: true });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('logs one row per accepted send, also under concurrency', async () => {
    const sender = getSmsSender();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sender.send({
          to: `+49151123460${String(i).padStart(2, '0')}`,
          body: `message ${i}`,
          statusCallback: callback(),
          idempotencyKey: `c${i}`,
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const counted = await ownerQuery<{ count: string }>(
      `SELECT count(*) FROM simulator_twilio_messages WHERE "to" LIKE '+49151123460%'`,
    );
    expect(Number(counted[0]?.count)).toBe(20);
    expect(new Set(results.map((r) => (r.ok ? r.sid : ''))).size).toBe(20);
  });
});
