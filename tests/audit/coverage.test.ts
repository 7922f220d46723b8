// Every mutation of the router is audited: called with a valid input by an admin of a fresh
// tenant, it writes at least one audit entry naming that admin and the procedure's action, in the
// transaction of the change. Each mutation needs a case here (its input and its action); the last
// test fails with the path of any mutation that has none, so a new one cannot go unaudited.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/server/trpc/root';
import { resetEnvForTests } from '../../src/server/env';
import type { Principal } from '../../src/server/domain/auth/principal';
import {
  addPerson,
  callerFor,
  createTenant,
  ownerQuery,
  type TestTenant,
} from '../helpers/fixtures';
import { createConnection, eventsOf, send, uniqueId } from '../webhooks/helpers';
import { stripeSimulator } from '../../src/server/simulators/stripe/deliveries';
import { jobsOf, makeAllDue, runDueJobs } from '../kernel/support';
import { grantCredits, startStripeEndpoint } from '../wallet/support';
import { numbers, seedContacts } from '../campaigns/support';
import { createVisit } from '../field-sales/recordings-support';
import { newAppointment, newLead, withKey } from '../field-sales/support';
import { placeTestCall } from '../calls/simulator-support';

type Admin = Principal & { email: string };
type Case = {
  /** The action its audit entry carries. */
  action: string;
  /** A valid call (with whatever it needs set up first) by `admin` of the fresh `tenant`. */
  call: (tenant: TestTenant, admin: Admin) => Promise<unknown>;
  /**
   * Public procedures act for someone else (the person signing up or accepting an invitation):
   * the tenant the entry belongs to and the person it must name. Default: `tenant` and `admin`.
   */
  auditedAs?: (
    result: unknown,
    tenant: TestTenant,
  ) => Promise<{ tenantId: string; actorId: string }>;
};

const userIdOf = async (email: string) =>
  (await ownerQuery<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]))[0]!.id;
const membershipOf = async (tenant: TestTenant, role: 'STAFF' | 'ADMIN') => {
  const person = await addPerson(tenant, role);
  const [row] = await ownerQuery<{ id: string }>(
    'SELECT id FROM memberships WHERE tenant_id = $1 AND user_id = $2',
    [tenant.tenantId, person.userId],
  );
  return row!.id;
};
const auditLine = () => ({
  phone: '+4930901820',
  label: 'Audit line',
  greeting: 'Hello',
  language: 'en' as const,
});
const auditArticle = { language: 'en' as const, title: 'Opening hours', body: 'Open 9 to 5.' };
const inviteeEmail = (t: TestTenant) => `invitee-${randomBytes(3).toString('hex')}@${t.slug}.test`;

const key = () => ({ 'idempotency-key': `audit-${randomBytes(6).toString('hex')}` });
const as = (admin: Admin, headers: Record<string, string> = {}) => callerFor(admin, headers);
const audience = { tagsAny: [], tagsAll: [], tagsNone: [] };
const draft = (admin: Admin) =>
  as(admin).campaigns.create({ name: 'Audit draft', body: 'Hello {{first_name}}', audience });
const contact = (admin: Admin) =>
  as(admin).contacts.create({
    phone: numbers(1, 70_000_000 + Math.floor(Math.random() * 1e6))[0]!,
  });

/** An open dead letter of the tenant: a probe allowed one attempt that fails it. */
async function deadLetter(tenant: TestTenant, admin: Admin): Promise<string> {
  await ownerQuery(`SELECT graphile_worker.add_job('ops.probe', $1::json, max_attempts => 1)`, [
    JSON.stringify({ tenantId: tenant.tenantId, failTimes: 1, note: 'audit coverage' }),
  ]);
  // Passes repeat until the letter appears (bounded): a pass under load may run nothing.
  for (let pass = 0; pass < 10; pass++) {
    await makeAllDue();
    await runDueJobs();
    const [letter] = (await as(admin).jobs.deadLetters.list({})).items;
    if (letter) return letter.id;
  }
  throw new Error('no dead letter appeared');
}

/** A job of the tenant held by a worker that no longer beats. */
async function stuckJob(tenant: TestTenant, admin: Admin): Promise<string> {
  await as(admin).ops.probe({ failTimes: 0, note: `stuck ${tenant.tenantId}` });
  const job = (await jobsOf('ops.probe')).find((j) => j.payload.tenantId === tenant.tenantId)!;
  await ownerQuery(
    `UPDATE graphile_worker._private_jobs SET locked_by = 'audit-gone', locked_at = now() - interval '10 minutes', attempts = 1 WHERE id = $1`,
    [job.id],
  );
  return job.id;
}

const cases: Record<string, Case> = {
  // First: these run worker passes, which would also run the jobs later cases queue.
  'jobs.deadLetters.retry': {
    action: 'jobs.dead_letter.retried',
    call: async (t, admin) => as(admin).jobs.deadLetters.retry({ id: await deadLetter(t, admin) }),
  },
  'jobs.deadLetters.retryMany': {
    action: 'jobs.dead_letter.bulk_retried',
    call: async (t, admin) => {
      await deadLetter(t, admin);
      return as(admin).jobs.deadLetters.retryMany({ task: 'ops.probe' });
    },
  },
  'jobs.deadLetters.discard': {
    action: 'jobs.dead_letter.discarded',
    call: async (t, admin) =>
      as(admin).jobs.deadLetters.discard({ id: await deadLetter(t, admin), reason: 'drill' }),
  },
  'jobs.stuck.release': {
    action: 'jobs.stuck.released',
    call: async (t, admin) => as(admin).jobs.stuck.release({ jobId: await stuckJob(t, admin) }),
  },

  'members.invite': {
    action: 'invitation.created',
    call: (t, admin) => as(admin).members.invite({ email: inviteeEmail(t), role: 'STAFF' }),
  },
  'members.revokeInvitation': {
    action: 'invitation.revoked',
    call: async (t, admin) => {
      const { id } = await as(admin).members.invite({ email: inviteeEmail(t), role: 'REP' });
      return as(admin).members.revokeInvitation({ id });
    },
  },
  'members.changeRole': {
    action: 'member.role_changed',
    call: async (t, admin) =>
      as(admin).members.changeRole({ membershipId: await membershipOf(t, 'STAFF'), role: 'REP' }),
  },
  'members.remove': {
    action: 'member.removed',
    call: async (t, admin) =>
      as(admin).members.remove({ membershipId: await membershipOf(t, 'STAFF') }),
  },
  'accounts.signUp': {
    action: 'tenant.created',
    call: (t) =>
      callerFor(null).accounts.signUp({
        company: `Audit ${t.slug}`,
        ownerName: 'Signing Owner',
        email: `signup@${t.slug}.test`,
        password: 'long enough password',
      }),
    auditedAs: async (result) => {
      const { tenantId, email } = result as { tenantId: string; email: string };
      return { tenantId, actorId: await userIdOf(email) };
    },
  },
  'accounts.acceptInvitation': {
    action: 'invitation.accepted',
    call: async (t, admin) => {
      const { token } = await as(admin).members.invite({ email: inviteeEmail(t), role: 'STAFF' });
      return callerFor(null).accounts.acceptInvitation({
        token,
        name: 'New member',
        password: 'long enough password',
      });
    },
    auditedAs: async (result, t) => ({
      tenantId: t.tenantId,
      actorId: await userIdOf((result as { email: string }).email),
    }),
  },
  'recordings.start': {
    action: 'recording.started',
    call: async (t, admin) => {
      const rep = await addPerson(t, 'REP');
      const { appointmentId } = await createVisit(t, { repId: rep.userId });
      return as(admin, key()).recordings.start({ appointmentId });
    },
  },
  'recordings.stop': {
    action: 'recording.stopped',
    call: async (t, admin) => {
      const rep = await addPerson(t, 'REP');
      const { appointmentId } = await createVisit(t, { repId: rep.userId });
      const { session } = await as(admin, key()).recordings.start({ appointmentId });
      return as(admin, key()).recordings.stop({ sessionId: session.id });
    },
  },
  'apiTokens.create': {
    action: 'api_token.created',
    call: (_t, admin) => as(admin).apiTokens.create({ name: 'Audit token' }),
  },
  'apiTokens.revoke': {
    action: 'api_token.revoked',
    call: async (_t, admin) => {
      const { id } = await as(admin).apiTokens.create({ name: 'Audit token' });
      return as(admin).apiTokens.revoke({ id });
    },
  },
  'voiceLines.create': {
    action: 'voice_line.created',
    call: (_t, admin) => as(admin).voiceLines.create(auditLine()),
  },
  'voiceLines.update': {
    action: 'voice_line.updated',
    call: async (_t, admin) => {
      const line = await as(admin).voiceLines.create(auditLine());
      return as(admin).voiceLines.update({ ...auditLine(), phone: line.phone, id: line.id });
    },
  },
  'voiceLines.delete': {
    action: 'voice_line.deleted',
    call: async (_t, admin) => {
      const { id } = await as(admin).voiceLines.create(auditLine());
      return as(admin).voiceLines.delete({ id });
    },
  },
  'knowledge.create': {
    action: 'knowledge.article_created',
    call: (_t, admin) => as(admin).knowledge.create(auditArticle),
  },
  'knowledge.update': {
    action: 'knowledge.article_updated',
    call: async (_t, admin) => {
      const { id } = await as(admin).knowledge.create(auditArticle);
      return as(admin).knowledge.update({ id, enabled: false });
    },
  },
  'knowledge.remove': {
    action: 'knowledge.article_deleted',
    call: async (_t, admin) => {
      const { id } = await as(admin).knowledge.create(auditArticle);
      return as(admin).knowledge.remove({ id });
    },
  },
  'knowledge.try': {
    action: 'knowledge.question_tried',
    call: (_t, admin) =>
      as(admin).knowledge.try({ question: 'When are you open?', language: 'en' }),
  },
  'ops.probe': {
    action: 'ops.probe.requested',
    call: (_t, admin) => as(admin).ops.probe({ failTimes: 0, note: 'audit coverage' }),
  },

  'webhooks.createConnection': {
    action: 'webhook_connection.created',
    call: (_t, admin) =>
      as(admin).webhooks.createConnection({ provider: 'chatwoot', label: 'Audit chatwoot' }),
  },
  'webhooks.rotateSecret': {
    action: 'webhook_connection.rotated',
    call: async (_t, admin) => {
      const { id } = await as(admin).webhooks.createConnection({
        provider: 'chatwoot',
        label: 'Audit chatwoot',
      });
      return as(admin).webhooks.rotateSecret({ id, graceMinutes: 0 });
    },
  },
  'webhooks.replayEvent': {
    action: 'webhook.replayed',
    call: async (t, admin) => {
      const connection = await createConnection(t, 'stripe');
      const body = stripeSimulator.sampleBody(uniqueId());
      await send(
        'stripe',
        stripeSimulator.sign({ url: connection.url, body, secret: connection.secret }),
      );
      const [event] = await eventsOf(connection);
      return as(admin).webhooks.replayEvent({ id: event!.id });
    },
  },

  'contacts.create': {
    action: 'contact.created',
    call: (_t, admin) => contact(admin),
  },
  'contacts.update': {
    action: 'contact.updated',
    call: async (_t, admin) => {
      const { id } = await contact(admin);
      return as(admin).contacts.update({ id, name: 'Renamed' });
    },
  },
  'contacts.delete': {
    action: 'contact.deleted',
    call: async (_t, admin) => as(admin).contacts.delete({ id: (await contact(admin)).id }),
  },
  'contacts.optOut': {
    action: 'contact.opted_out',
    call: async (_t, admin) => as(admin).contacts.optOut({ id: (await contact(admin)).id }),
  },
  'contacts.optIn': {
    action: 'contact.opted_in',
    call: async (_t, admin) => {
      const { id } = await contact(admin);
      await as(admin).contacts.optOut({ id });
      return as(admin).contacts.optIn({ id });
    },
  },

  'campaigns.create': {
    action: 'campaign.created',
    call: (_t, admin) => draft(admin),
  },
  'campaigns.update': {
    action: 'campaign.updated',
    call: async (_t, admin) => {
      const { id } = await draft(admin);
      return as(admin).campaigns.update({ id, name: 'Renamed', body: 'Hi there', audience });
    },
  },
  'campaigns.delete': {
    action: 'campaign.deleted',
    call: async (_t, admin) => as(admin).campaigns.delete({ id: (await draft(admin)).id }),
  },
  'campaigns.launch': {
    action: 'campaign.launched',
    call: async (t, admin) => {
      await grantCredits(t.tenantId, 10);
      await seedContacts(t.tenantId, [{ phone: numbers(1, 80_000_000)[0]! }]);
      return as(admin, key()).campaigns.launch({ id: (await draft(admin)).id });
    },
  },
  'campaigns.cancel': {
    action: 'campaign.cancelled',
    call: async (_t, admin) => as(admin).campaigns.cancel({ id: (await draft(admin)).id }),
  },
  'campaigns.reconcileNow': {
    action: 'campaigns.reconciled',
    call: (_t, admin) => as(admin).campaigns.reconcileNow(),
  },

  'leads.create': {
    action: 'lead.created',
    call: (_t, admin) => newLead(admin),
  },
  'leads.update': {
    action: 'lead.updated',
    call: async (_t, admin) =>
      as(admin).leads.update({ id: (await newLead(admin)).id, notes: 'call after 5' }),
  },
  'leads.setStatus': {
    action: 'lead.status_set',
    call: async (_t, admin) =>
      as(admin).leads.setStatus({ id: (await newLead(admin)).id, status: 'CONTACTED' }),
  },
  'appointments.create': {
    action: 'appointment.created',
    call: (_t, admin) => newAppointment(admin, '2027-03-01T10:00:00Z', '2027-03-01T11:00:00Z'),
  },
  'appointments.assign': {
    action: 'appointment.assigned',
    call: async (t, admin) => {
      const rep = await addPerson(t, 'REP');
      const { id } = await newAppointment(admin, '2027-03-01T10:00:00Z', '2027-03-01T11:00:00Z');
      return withKey(admin).appointments.assign({ appointmentId: id, repId: rep.userId });
    },
  },
  'appointments.unassign': {
    action: 'appointment.unassigned',
    call: async (t, admin) => {
      const rep = await addPerson(t, 'REP');
      const { id } = await newAppointment(admin, '2027-03-01T10:00:00Z', '2027-03-01T11:00:00Z');
      await withKey(admin).appointments.assign({ appointmentId: id, repId: rep.userId });
      return withKey(admin).appointments.unassign({ appointmentId: id });
    },
  },
  'appointments.cancel': {
    action: 'appointment.cancelled',
    call: async (_t, admin) => {
      const { id } = await newAppointment(admin, '2027-03-01T10:00:00Z', '2027-03-01T11:00:00Z');
      return withKey(admin).appointments.cancel({ appointmentId: id });
    },
  },

  'wallet.adjust': {
    action: 'wallet.adjusted',
    call: (_t, admin) => as(admin, key()).wallet.adjust({ amount: 5, reason: 'goodwill' }),
  },
  'assistant.text': {
    action: 'assistant.question_answered',
    call: (_t, admin) => as(admin).assistant.text({ text: 'When are you open?', language: 'en' }),
  },
  'assistant.tts': {
    action: 'assistant.speech_made',
    call: (_t, admin) =>
      as(admin).assistant.tts({ input: 'Hello.', voice: 'alloy', model: 'tts-1' }),
  },
  'wallet.startTopUp': {
    action: 'wallet.checkout_started',
    call: (_t, admin) => as(admin, key()).wallet.startTopUp({ packId: 'credits-1000' }),
  },
  'wallet.completeSimulatedCheckout': {
    action: 'wallet.checkout_simulated_payment',
    call: async (_t, admin) => {
      const { checkoutSessionId } = await as(admin, key()).wallet.startTopUp({
        packId: 'credits-1000',
      });
      return as(admin).wallet.completeSimulatedCheckout({ checkoutSessionId });
    },
  },
  // The call simulator posts the calls' webhooks to the endpoint below (APP_URL).
  'callSimulator.place': {
    action: 'call_simulator.call_placed',
    call: (_t, admin) => placeTestCall(admin),
  },
  'callSimulator.say': {
    action: 'call_simulator.caller_spoke',
    call: async (_t, admin) => {
      const { call } = await placeTestCall(admin);
      return as(admin).callSimulator.say({ callId: call.id, text: 'When are you open?' });
    },
  },
  'callSimulator.digits': {
    action: 'call_simulator.caller_keyed',
    call: async (_t, admin) => {
      const { call } = await placeTestCall(admin);
      return as(admin).callSimulator.digits({ callId: call.id, digits: '1' });
    },
  },
  'callSimulator.hangUp': {
    action: 'call_simulator.caller_hung_up',
    call: async (_t, admin) => {
      const { call } = await placeTestCall(admin);
      return as(admin).callSimulator.hangUp({ callId: call.id });
    },
  },
};

let endpoint: Awaited<ReturnType<typeof startStripeEndpoint>>;

beforeAll(async () => {
  // The Checkout simulator posts its payment to our Stripe route, served here.
  endpoint = await startStripeEndpoint();
  process.env.APP_URL = endpoint.baseUrl;
  resetEnvForTests();
});
afterAll(async () => {
  await endpoint.close();
});

describe('every mutation writes its audit entry', () => {
  for (const [path, { action, call, auditedAs }] of Object.entries(cases)) {
    it(`${path} → ${action}`, async () => {
      const tenant = await createTenant('audit-cov');
      const admin = await addPerson(tenant, 'ADMIN');
      const result = await call(tenant, admin);
      const expected = auditedAs
        ? await auditedAs(result, tenant)
        : { tenantId: tenant.tenantId, actorId: admin.userId };
      const entries = await ownerQuery<{ actor_id: string | null; action: string }>(
        'SELECT actor_id, action FROM audit_entries WHERE tenant_id = $1 AND action = $2',
        [expected.tenantId, action],
      );
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.map((e) => e.actor_id)).toContain(expected.actorId);
    });
  }

  it('has a case for every mutation in the router', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: string } }
    >;
    const mutations = Object.entries(procedures)
      .filter(([, p]) => p._def.type === 'mutation')
      .map(([path]) => path)
      .sort();
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations.filter((path) => !(path in cases))).toEqual([]);
    // And no case for a mutation that no longer exists.
    expect(Object.keys(cases).filter((path) => !mutations.includes(path))).toEqual([]);
  });
});
