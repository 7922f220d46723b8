// The invitation e-mail against a real SMTP server (smtp-server on 127.0.0.1, a random port): the
// job is enqueued with the invitation, carries the token sealed, and the mail that arrives holds
// a link that joins. An SMTP outage never fails the invite: the job retries until the server is
// back. A message the server refuses for good fails the job at once; a withdrawn invitation is
// not sent; without SMTP_URL no job is queued.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { resetEnvForTests } from '../../src/server/env';
import { callerFor, createTenant, ownerQuery } from '../helpers/fixtures';
import { waitFor } from '../helpers/wait-for';
import { jobsOf, makeAllDue, runDueJobs } from '../kernel/support';
import { anonymous, NEW_PASSWORD, uniqueEmail } from './support';

type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
const APP_URL = 'http://switchboard.test:3000';

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('bounce-')) {
      const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
      callback(error);
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
let port = 0;

function useSmtp(url: string | undefined) {
  if (url === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = url;
  resetEnvForTests();
}

/** The text part, quoted-printable undone (long lines are folded with soft breaks). */
const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  process.env.APP_URL = APP_URL;
  process.env.MAIL_FROM = 'Switchboard <invites@switchboard.test>';
});
beforeEach(() => useSmtp(`smtp://127.0.0.1:${port}`));
afterAll(async () => {
  useSmtp(undefined);
  delete process.env.APP_URL;
  delete process.env.MAIL_FROM;
  resetEnvForTests();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

const jobFor = async (invitationId: string) =>
  (await jobsOf('members.send-invitation')).find((j) => j.payload.invitationId === invitationId);
/** The worker records a job's outcome just after the run returns: wait for it to land. */
const jobDone = (invitationId: string) =>
  waitFor(
    () => jobFor(invitationId),
    (job) => job === undefined,
  );

describe('the invitation e-mail', () => {
  it('is queued with the invitation, sealed, and arrives with a link that joins', async () => {
    const tenant = await createTenant('mail');
    const email = uniqueEmail('mailed');
    const invitation = await callerFor(tenant.owner).members.invite({ email, role: 'STAFF' });
    expect(invitation.isEmailQueued).toBe(true);
    const job = await jobFor(invitation.id);
    expect(job?.key).toBe(`invitation:${invitation.id}`);
    expect(JSON.stringify(job?.payload)).not.toContain(invitation.token.slice(4));

    await runDueJobs();
    const mail = received.find((m) => m.to.includes(email));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('invites@switchboard.test');
    const text = decoded(mail!.raw);
    expect(text).toContain(`Subject: Join Tenant ${tenant.slug} on Switchboard`);
    expect(text).toContain(`Owner of ${tenant.slug} invited you to join Tenant ${tenant.slug}`);
    const link = `${APP_URL}/invite/${invitation.token}`;
    expect(text).toContain(link);
    await jobDone(invitation.id); // done, removed from the queue

    const token = /\/invite\/(sbi_[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    const accepted = await anonymous().accounts.acceptInvitation({
      token: token!,
      name: 'Mailed Person',
      password: NEW_PASSWORD,
    });
    expect(accepted.tenantId).toBe(tenant.tenantId);
  });

  it('an SMTP outage fails nothing but the job, which retries and delivers once the server is back', async () => {
    // A port with nothing listening: connection refused.
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(resolve));
    useSmtp(`smtp://127.0.0.1:${deadPort}`);

    const tenant = await createTenant('mail-outage');
    const email = uniqueEmail('outage');
    const invitation = await callerFor(tenant.owner).members.invite({ email, role: 'REP' });
    expect(invitation.isEmailQueued).toBe(true);
    await runDueJobs();
    const failed = await waitFor(
      () => jobFor(invitation.id),
      (job) => Boolean(job?.last_error),
    );
    expect(failed?.attempts).toBe(1);
    expect(failed?.last_error).toMatch(/SMTP unavailable/);
    expect(received.some((m) => m.to.includes(email))).toBe(false);

    useSmtp(`smtp://127.0.0.1:${port}`);
    await makeAllDue();
    await runDueJobs();
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(1);
    await jobDone(invitation.id);
  });

  it('a recipient the server refuses for good fails the job at once (a dead letter, no retries)', async () => {
    const tenant = await createTenant('mail-bounce');
    const invitation = await callerFor(tenant.owner).members.invite({
      email: uniqueEmail('bounce-me'),
      role: 'REP',
    });
    await runDueJobs();
    const job = await waitFor(
      () => jobFor(invitation.id),
      (found) => Boolean(found?.last_error),
    );
    expect(job?.attempts).toBe(job?.max_attempts);
    expect(job?.last_error).toMatch(/SMTP refused/);
    const letters = await ownerQuery<{ task: string }>(
      `SELECT task FROM dead_letters WHERE payload->>'invitationId' = $1`,
      [invitation.id],
    );
    expect(letters).toEqual([{ task: 'members.send-invitation' }]);
  });

  it('is not sent for an invitation withdrawn before the job ran', async () => {
    const tenant = await createTenant('mail-revoked');
    const email = uniqueEmail('withdrawn');
    const invitation = await callerFor(tenant.owner).members.invite({ email, role: 'REP' });
    await callerFor(tenant.owner).members.revokeInvitation({ id: invitation.id });
    await runDueJobs();
    expect(received.some((m) => m.to.includes(email))).toBe(false);
    await jobDone(invitation.id);
  });

  it('without SMTP_URL nothing is queued: the admin passes the link on', async () => {
    useSmtp(undefined);
    const tenant = await createTenant('mail-off');
    const invitation = await callerFor(tenant.owner).members.invite({
      email: uniqueEmail('unmailed'),
      role: 'REP',
    });
    expect(invitation.isEmailQueued).toBe(false);
    expect(await jobFor(invitation.id)).toBeUndefined();
  });
});
