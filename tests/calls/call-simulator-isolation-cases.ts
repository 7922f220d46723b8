// Cross-tenant cases for every callSimulator.* procedure, for tests/tenant-isolation.test.ts:
// tenant B's owner places a call on A's line, and speaks, keys, hangs up and reads A's simulated
// call. Each answers NOT_FOUND before anything is posted, and A's call is left as it was.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { expectNotFound } from '../helpers/expect-not-found';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

type Tenants = () => { a: TestTenant; b: TestTenant };

/** A listening call as the driver leaves it after the greeting (see voice-call.ts). */
function listeningState(callSid: string) {
  const url = 'https://hooks.switchboard.example/api/webhooks/twilio/whc_a';
  return {
    call: {
      accountSid: `AC${randomBytes(16).toString('hex')}`,
      callSid,
      from: '+4915112345678',
      to: '+4930901822',
      url,
      startedAt: new Date().toISOString(),
      phase: 'listening',
      action: `${url}?vs=gather&vt=1`,
      language: 'en-US',
      exchanges: [
        {
          step: 'incoming',
          status: 200,
          latencyMs: 3,
          heard: [{ verb: 'say', text: 'A secret greeting', language: 'en-US' }],
        },
      ],
      dialled: null,
      heldCallbacks: [],
      transitions: [],
      endedBy: null,
    },
    inputs: [],
  };
}

export function callSimulatorIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  const asB = () => callerFor(tenants().b.owner);
  let aLine: Promise<string> | undefined;
  const aLineId = () =>
    (aLine ??= callerFor(tenants().a.owner)
      .voiceLines.create({
        phone: '+4930901822',
        label: 'A simulated line',
        greeting: 'A secret greeting',
        language: 'en',
      })
      .then((l) => l.id));
  let aCall: Promise<string> | undefined;
  /** A simulated call of tenant A, listening, as the driver's state would be stored. */
  const aCallId = () =>
    (aCall ??= (async () => {
      const callSid = `CA${randomBytes(16).toString('hex')}`;
      const [row] = await ownerQuery<{ id: string }>(
        `INSERT INTO simulated_calls (tenant_id, line_id, call_sid, state) VALUES ($1, $2, $3, $4) RETURNING id`,
        [tenants().a.tenantId, await aLineId(), callSid, JSON.stringify(listeningState(callSid))],
      );
      return row!.id;
    })());
  /** A's call is untouched: same state, no lease taken. */
  const expectAUntouched = async () => {
    const [row] = await ownerQuery<{ inputs: number; busy: boolean }>(
      `SELECT jsonb_array_length(state->'inputs') AS inputs, busy_until IS NOT NULL AS busy FROM simulated_calls WHERE id = $1`,
      [await aCallId()],
    );
    expect(row).toEqual({ inputs: 0, busy: false });
  };
  return {
    'callSimulator.place': async () => {
      await expectNotFound(
        asB().callSimulator.place({ lineId: await aLineId(), from: '+4915112345678' }),
      );
      const [placed] = await ownerQuery<{ n: number }>(
        `SELECT count(*)::int AS n FROM simulated_calls WHERE tenant_id = $1`,
        [tenants().b.tenantId],
      );
      expect(placed?.n).toBe(0);
    },
    'callSimulator.say': async () => {
      await expectNotFound(asB().callSimulator.say({ callId: await aCallId(), text: 'hello' }));
      await expectAUntouched();
    },
    'callSimulator.digits': async () => {
      await expectNotFound(asB().callSimulator.digits({ callId: await aCallId(), digits: '0' }));
      await expectAUntouched();
    },
    'callSimulator.hangUp': async () => {
      await expectNotFound(asB().callSimulator.hangUp({ callId: await aCallId() }));
      await expectAUntouched();
    },
    'callSimulator.state': async () => {
      await expectNotFound(asB().callSimulator.state({ callId: await aCallId() }));
      // A's owner does read it: the case is not passing because the row is unreadable.
      const own = await callerFor(tenants().a.owner).callSimulator.state({
        callId: await aCallId(),
      });
      expect(own.lines).toEqual([
        { who: 'assistant', text: 'A secret greeting', language: 'en-US' },
      ]);
      expect(own.isListening).toBe(true);
    },
  };
}
