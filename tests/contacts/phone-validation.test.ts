// Phones are validated against libphonenumber's full metadata: a German mobile one digit short is
// refused next to its field, and the simulator's documented failure numbers are valid numbers a
// contact can hold (so a campaign really reaches the send that fails).
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/server/simulators/twilio/rules';
import { callerFor, createTenant, type TestTenant } from '../helpers/fixtures';
import { contactsOf } from './support';

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTenant('phones');
});

const send = (to: string) =>
  decide({ to, body: 'hi', from: '+15005550006', messagingServiceSid: null });

describe('phone validation', () => {
  it('refuses +49151999999 (too short for a German mobile) as a field error, and stores nothing', async () => {
    const error = await callerFor(tenant.owner)
      .contacts.create({ phone: '+49151999999' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const cause = (error as TRPCError).cause as {
      issues?: { path: PropertyKey[]; message: string }[];
    };
    expect(cause.issues?.find((i) => i.path[0] === 'phone')?.message).toBe(
      'not a valid DE phone number',
    );
    expect(await contactsOf(tenant.tenantId)).toEqual([]);
  });

  it('accepts the simulator’s invalid-number range, which the simulator then refuses with 21211', async () => {
    const created = await callerFor(tenant.owner).contacts.create({ phone: '+1 212 555 0123' });
    expect(created).toMatchObject({ phone: '+12125550123' });
    expect(send('+12125550123')).toMatchObject({ ok: false, answer: { status: 400 } });
    expect(JSON.stringify(send('+12125550123'))).toContain('21211');
    expect(send('+4915112345678')).toMatchObject({ ok: true, finalStatus: 'delivered' });
  });
});
