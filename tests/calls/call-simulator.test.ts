// The console's call simulator end to end: a call placed on a voice line through the Twilio
// simulator reaches our real webhook (signed), hears the greeting, asks a question and hears the
// article's answer, asks for an operator and is transferred; the stored Call and its transcript
// are what the console shows. Bad input is refused with its field, and writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { resetEnvForTests } from '../../src/server/env';
import { withTenantTx } from '../../src/server/db/tx';
import { createArticle } from '../../src/server/domain/answering';
import { actorOf } from '../../src/server/domain/audit/actor';
import { addPerson, callerFor, createTenant, ownerQuery, trpcCode } from '../helpers/fixtures';
import { stripeEndpointForFile } from '../wallet/support';
import { SIM_CALLER, placeTestCall } from './simulator-support';

stripeEndpointForFile();

const HOURS = {
  title: 'Opening hours',
  body: 'We are open Monday to Friday from nine to five, and on Saturday until noon.',
};

async function tenantWithArticle() {
  const tenant = await createTenant('callsim');
  const admin = await addPerson(tenant, 'ADMIN');
  await withTenantTx(tenant.tenantId, (tx) =>
    createArticle(tx, {
      actor: actorOf(admin),
      language: 'en',
      title: HOURS.title,
      body: HOURS.body,
      tags: ['hours'],
      enabled: true,
    }),
  );
  return { tenant, admin };
}

const simulatedRows = async (tenantId: string) =>
  (
    await ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM simulated_calls WHERE tenant_id = $1',
      [tenantId],
    )
  )[0]!.n;

/** The fields a refused input names (zod's issues, as the error formatter flattens them). */
const fieldsOf = (error: unknown) =>
  (
    ((error as TRPCError).cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues ?? []
  ).map((issue) => String(issue.path[0]));

afterEach(() => {
  delete process.env.TWILIO_ACCOUNT_SID;
  delete process.env.TWILIO_AUTH_TOKEN;
  delete process.env.TWILIO_FROM;
  resetEnvForTests();
});

describe('call simulator', () => {
  it('greets, answers from the article, transfers on "operator", and the Call keeps the transcript', async () => {
    const { admin } = await tenantWithArticle();
    const as = callerFor(admin);
    const { call: placed } = await placeTestCall(admin);
    expect(placed.isListening).toBe(true);
    expect(placed.from).not.toContain('12345678');
    expect(placed.lines[0]).toMatchObject({ who: 'assistant' });
    expect(placed.lines[0]!.who === 'assistant' && placed.lines[0]!.text).toContain('test office');

    const answered = await as.callSimulator.say({
      callId: placed.id,
      text: 'When are you open on Saturday?',
    });
    expect(answered.lines).toContainEqual({
      who: 'caller',
      text: 'When are you open on Saturday?',
    });
    const said = answered.lines.filter((l) => l.who === 'assistant').map((l) => l.text);
    expect(said.some((t) => t.includes('Saturday until noon'))).toBe(true);
    expect(answered.isListening).toBe(true);
    expect(answered.storedCallId).not.toBeNull();

    const handedOver = await as.callSimulator.say({
      callId: placed.id,
      text: 'Operator, please',
    });
    expect(handedOver.phase).toBe('transferred');
    expect(handedOver.isListening).toBe(false);
    expect(handedOver.transferredTo).toMatch(/^\+49.*•+/);
    expect(handedOver.lines.at(-1)).toEqual({
      who: 'event',
      text: `Transferred to ${handedOver.transferredTo}.`,
    });
    // The assistant no longer listens to the caller.
    expect(await trpcCode(as.callSimulator.say({ callId: placed.id, text: 'Hello?' }))).toBe(
      'CONFLICT',
    );

    const ended = await as.callSimulator.hangUp({ callId: placed.id });
    expect(ended.phase).toBe('ended');
    // Hanging up twice changes nothing (and writes no second entry).
    const again = await as.callSimulator.hangUp({ callId: placed.id });
    expect(again.lines).toEqual(ended.lines);
    const hangUps = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'call_simulator.caller_hung_up' AND subject = $1`,
      [`simulated_call:${placed.id}`],
    );
    expect(hangUps[0]!.n).toBe(1);

    // The Call the console lists: its transcript has the answer with the article as its source.
    const stored = await as.calls.get({ id: ended.storedCallId! });
    const first = stored.turns.find((t) => t.callerText === 'When are you open on Saturday?');
    expect(first?.answerText).toContain('Saturday until noon');
    expect(JSON.stringify(first?.sources)).toContain(HOURS.title);
    // The state query reads back exactly what the last step answered.
    expect(await as.callSimulator.state({ callId: placed.id })).toEqual(again);
  });

  it('keys 0 to reach a person', async () => {
    const { admin } = await tenantWithArticle();
    const { call } = await placeTestCall(admin);
    const keyed = await callerFor(admin).callSimulator.digits({ callId: call.id, digits: '0' });
    expect(keyed.lines).toContainEqual({ who: 'caller', text: '(keys 0)' });
    expect(keyed.phase).toBe('transferred');
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const { tenant, admin } = await tenantWithArticle();
    const as = callerFor(admin);
    const { line, call } = await placeTestCall(admin);
    const before = await as.callSimulator.state({ callId: call.id });

    for (const [attempt, field] of [
      [() => as.callSimulator.place({ lineId: line.id, from: 'not a number' }), 'from'],
      [() => as.callSimulator.place({ lineId: 'nope', from: SIM_CALLER }), 'lineId'],
      [() => as.callSimulator.say({ callId: call.id, text: ' \u0000 \n ' }), 'text'],
      [() => as.callSimulator.say({ callId: call.id, text: 'x'.repeat(4001) }), 'text'],
      [() => as.callSimulator.digits({ callId: call.id, digits: '12a' }), 'digits'],
      [() => as.callSimulator.digits({ callId: call.id, digits: '1'.repeat(33) }), 'digits'],
    ] as const) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, field).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, field).toBe('BAD_REQUEST');
      expect(fieldsOf(error), field).toContain(field);
    }
    expect(await simulatedRows(tenant.tenantId)).toBe(1);
    expect(await as.callSimulator.state({ callId: call.id })).toEqual(before);
    // An id that is no simulated call
    expect(
      await trpcCode(
        as.callSimulator.say({ callId: '00000000-0000-4000-8000-000000000000', text: 'hi' }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('runs one step of a call at a time: a second one at once is refused, not interleaved', async () => {
    const { admin } = await tenantWithArticle();
    const { call } = await placeTestCall(admin);
    const as = callerFor(admin);
    const results = await Promise.allSettled([
      as.callSimulator.say({ callId: call.id, text: 'When are you open?' }),
      as.callSimulator.say({ callId: call.id, text: 'Where are you?' }),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const state = await as.callSimulator.state({ callId: call.id });
    expect(state.lines.filter((l) => l.who === 'caller')).toHaveLength(1);
    // The lease is released: the next step goes through.
    const next = await as.callSimulator.say({ callId: call.id, text: 'Thank you' });
    expect(next.lines.filter((l) => l.who === 'caller')).toHaveLength(2);
  });

  it('is for admins to drive; staff read the call', async () => {
    const { tenant, admin } = await tenantWithArticle();
    const staff = await addPerson(tenant, 'STAFF');
    const { line, call } = await placeTestCall(admin);
    expect(
      await trpcCode(callerFor(staff).callSimulator.place({ lineId: line.id, from: SIM_CALLER })),
    ).toBe('FORBIDDEN');
    expect(
      await trpcCode(callerFor(staff).callSimulator.say({ callId: call.id, text: 'hello' })),
    ).toBe('FORBIDDEN');
    expect((await callerFor(staff).callSimulator.state({ callId: call.id })).id).toBe(call.id);
  });

  it('is off when real Twilio is configured', async () => {
    const { tenant, admin } = await tenantWithArticle();
    const line = await callerFor(admin).voiceLines.create({
      phone: '+4930901825',
      label: 'Real line',
      greeting: 'Hello',
      language: 'en',
    });
    process.env.TWILIO_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
    process.env.TWILIO_AUTH_TOKEN = 'real-token';
    process.env.TWILIO_FROM = '+4930901826';
    resetEnvForTests();
    expect(
      await trpcCode(callerFor(admin).callSimulator.place({ lineId: line.id, from: SIM_CALLER })),
    ).toBe('NOT_FOUND');
    expect(await simulatedRows(tenant.tenantId)).toBe(0);
  });
});
