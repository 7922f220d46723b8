// The upload route's own answers, over a real Request: who may call it and what it accepts.
import { beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createTenant, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { contactsOf, mobile, upload } from './support';

let tenant: TestTenant;
let token: string;
beforeAll(async () => {
  tenant = await createTenant('upload');
  token = await bearerFor(tenant.owner);
});

describe('POST /api/contacts/import', () => {
  it('401 without credentials and with a bad token', async () => {
    const anonymous = await upload(`phone\n${mobile(1)}\n`);
    expect(anonymous.status).toBe(401);
    const forged = await upload(`phone\n${mobile(1)}\n`, { token: 'sb_not-a-real-token' });
    expect(forged.status).toBe(401);
    expect(await contactsOf(tenant.tenantId)).toEqual([]);
  });

  it('403 for a field rep', async () => {
    const rep = await bearerFor(await addPerson(tenant, 'REP'));
    const response = await upload(`phone\n${mobile(1)}\n`, { token: rep });
    expect(response.status).toBe(403);
    expect(await contactsOf(tenant.tenantId)).toEqual([]);
  });

  it('415 for anything but text/csv (multipart included), with the reason', async () => {
    for (const contentType of [
      'application/json',
      'multipart/form-data; boundary=x',
      'text/plain',
    ]) {
      const response = await upload(`phone\n${mobile(1)}\n`, { token, contentType });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { error: string }).error).toContain('text/csv');
    }
    expect(await contactsOf(tenant.tenantId)).toEqual([]);
  });

  it('400 with field errors for a bad country parameter', async () => {
    const response = await upload(`phone\n${mobile(1)}\n`, {
      token,
      query: { country: 'Germany' },
    });
    expect(response.status).toBe(400);
    expect(
      ((await response.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors
        .country?.[0],
    ).toContain('country code');
  });

  it('200 with the summary for staff; the contacts land in the caller’s tenant', async () => {
    const staff = await bearerFor(await addPerson(tenant, 'STAFF'));
    const response = await upload(`phone,name\n${mobile(2)},Staff Upload\n`, {
      token: staff,
      query: { fileName: 'staff.csv' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'COMPLETED',
      fileName: 'staff.csv',
      created: 1,
    });
    expect((await contactsOf(tenant.tenantId)).map((c) => c.name)).toEqual(['Staff Upload']);
  });
});
