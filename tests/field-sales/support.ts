// Field sales test set-up through the real procedures: a lead (with a new contact), an
// appointment for it, a rep; callers that carry an Idempotency-Key.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../src/server/domain/auth/principal';
import { callerFor, type TestTenant } from '../helpers/fixtures';

let phoneCounter = 0;
/** A German mobile number not used before in this process. */
export const uniquePhone = () =>
  `+49151${String(10_000_000 + ((process.pid * 7919 + ++phoneCounter * 104_729) % 89_999_999)).padStart(8, '0')}`;

export const newKey = () => `key-${randomBytes(8).toString('hex')}`;
export const withKey = (principal: Principal, key = newKey()) =>
  callerFor(principal, { 'idempotency-key': key });

export async function newLead(principal: Principal, name = 'Ada Lovelace') {
  return callerFor(principal).leads.create({
    contact: { phone: uniquePhone(), name },
    source: 'WEB',
    recordingConsent: true,
  });
}

export async function newAppointment(
  principal: Principal,
  startsAt: string,
  endsAt: string,
  leadId?: string,
) {
  const lead = leadId ?? (await newLead(principal)).id;
  return callerFor(principal).appointments.create({
    leadId: lead,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    address: '1 Main Street, Berlin',
  });
}

export const tenantOf = (t: TestTenant) => t.tenantId;
