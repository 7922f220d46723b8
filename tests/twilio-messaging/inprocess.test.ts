// SIM_TWILIO_MODE=inprocess: the zero-latency door to the same simulator core (benchmarks).
// Same rules, same log, same callback job as over HTTP.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { getSmsSender } from '../../src/server/simulators/clients';
import { bodyFraction, decide } from '../../src/server/simulators/twilio/rules';
import { ownerQuery } from '../helpers/fixtures';
import { jobsOf, makeAllDue, runDueJobs } from '../kernel/support';
import { bodyOnSide, setEnv } from './server';

const callback = 'http://127.0.0.1:9/api/webhooks/twilio/whc_nowhere';
const rowsFor = (to: string) =>
  ownerQuery<{ sid: string; num_segments: number; status: string }>(
    'SELECT sid, num_segments, status FROM simulator_twilio_messages WHERE "to" = $1',
    [to],
  );

beforeEach(() =>
  setEnv({
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    SIM_TWILIO_MODE: 'inprocess',
    SIM_TWILIO_FAIL_RATE: '0',
    SIM_TWILIO_STATUS_DELAY_MS: '0',
  }),
);

describe('in-process Twilio simulator', () => {
  it('is chosen by SIM_TWILIO_MODE=inprocess', () => {
    expect(getSmsSender().mode).toBe('simulator-inprocess');
  });

  it('gives way to the real Twilio client once credentials and a sender are configured', () => {
    setEnv({
      TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+4930999999',
    });
    try {
      expect(getSmsSender().mode).toBe('twilio');
    } finally {
      setEnv({
        TWILIO_ACCOUNT_SID: undefined,
        TWILIO_AUTH_TOKEN: undefined,
        TWILIO_FROM: undefined,
      });
    }
    expect(getSmsSender().mode).toBe('simulator-inprocess');
  });

  it('accepts with the same resource rules and logs one row per send', async () => {
    const body = 'Emoji cost more 😀 '.repeat(5); // UCS-2, 95 code units: 2 segments
    const result = await getSmsSender().send({
      to: '+4915112348001',
      body,
      statusCallback: callback,
      idempotencyKey: 'i1',
    });
    expect(result).toMatchObject({ ok: true, status: 'queued', numSegments: 2 });
    expect(await rowsFor('+4915112348001')).toMatchObject([
      { sid: result.ok ? result.sid : '', num_segments: 2, status: 'queued' },
    ]);
  });

  it('refuses invalid numbers and injected failures exactly like the HTTP door', async () => {
    const sender = getSmsSender();
    expect(
      await sender.send({
        to: '+15550001111',
        body: 'x',
        statusCallback: callback,
        idempotencyKey: 'i2',
      }),
    ).toEqual({
      ok: false,
      kind: 'permanent',
      code: 21211,
      message: "Invalid 'To' Phone Number: +15550001111",
      httpStatus: 400,
      ambiguous: false,
    });
    setEnv({ SIM_TWILIO_FAIL_RATE: '0.3' });
    const failing = bodyOnSide(0.3, true, bodyFraction);
    expect(
      await sender.send({
        to: '+4915112348002',
        body: failing,
        statusCallback: callback,
        idempotencyKey: 'i3',
      }),
    ).toMatchObject({ ok: false, kind: 'transient', code: 20503, httpStatus: 503 });
    expect(
      decide({
        to: '+4915112348002',
        body: failing,
        from: '+4930123456',
        messagingServiceSid: null,
      }),
    ).toMatchObject({ ok: false, answer: { status: 503 } });
    expect(await rowsFor('+4915112348002')).toHaveLength(0);
  });

  it('retries the status job while the callback endpoint answers 5xx, and re-posts both transitions', async () => {
    let answer = 503;
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        seen.push(new URLSearchParams(text).get('MessageStatus') ?? '');
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
      const result = await getSmsSender().send({
        to: '+4915112348003',
        body: 'retry me',
        statusCallback: url,
        idempotencyKey: 'i4',
      });
      if (!result.ok) throw new Error(result.message);
      await runDueJobs();
      const job = (await jobsOf('simulator.twilio-status')).find(
        (j) => j.key === `simulator.twilio-status:${result.sid}`,
      );
      expect(job).toMatchObject({
        attempts: 1,
        last_error: expect.stringContaining('answered 503') as unknown,
      });
      answer = 200;
      await makeAllDue();
      await runDueJobs();
      expect(
        (await jobsOf('simulator.twilio-status')).find(
          (j) => j.key === `simulator.twilio-status:${result.sid}`,
        ),
      ).toBeUndefined();
      expect(seen).toEqual(['sent', 'sent', 'delivered']);
      expect(await rowsFor('+4915112348003')).toMatchObject([{ status: 'delivered' }]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
