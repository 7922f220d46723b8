// CSV import through the upload route (a real Request, a real bearer token): good rows kept, bad
// rows reported by line with the reason, duplicates merged, numbers normalised, opt-outs kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { auditOf, contactsOf, generatedCsv, mobile, upload } from './support';

type Summary = {
  id: string;
  status: string;
  fileName: string;
  totalRows: number;
  created: number;
  updated: number;
  rejected: number;
  errors: { line: number; reason: string }[];
  failureReason: string | null;
};

let tenant: TestTenant;
let token: string;
beforeAll(async () => {
  tenant = await createTenant('import');
  token = await bearerFor(tenant.owner);
});

async function importOk(
  csv: string | ReadableStream<Uint8Array>,
  query: Record<string, string> = {},
  who = () => token,
): Promise<Summary> {
  const response = await upload(csv, { token: who(), query });
  const body = (await response.json()) as Summary;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe('CSV import', () => {
  it('keeps good rows, reports bad ones by line with the reason, normalises with the default country', async () => {
    const t = await createTenant('import-mixed');
    const csv = [
      'Phone,Name,Email,Tags,Consent,Ignored column',
      '0151 3000 0001,Ada,ADA@example.com,vip;Berlin,yes,x',
      '+1 202 555 0187,Grace,,us|VIP,granted,',
      '12345,Too Short,,,,', // line 4: too few digits
      '0151 3000 0002,Bad Email,not-an-email,,,', // line 5
      '0151 3000 0003,,,,maybe,', // line 6: consent word
      ',No Phone,,,,', // line 7
      '',
      '"0151 3000 0004","Quoted, with comma",,,no,',
      '0151 3000 0005,Too,Many,Fields,yes,x,extra', // line 10: more fields than the header
    ].join('\n');
    const summary = await importOk(csv, { fileName: 'mixed.csv', country: 'DE' }, () => token);
    void t;
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      fileName: 'mixed.csv',
      totalRows: 8,
      created: 3,
      updated: 0,
      rejected: 5,
      failureReason: null,
    });
    expect(summary.errors.map((e) => e.line)).toEqual([4, 5, 6, 7, 10]);
    expect(summary.errors[0]!.reason).toContain('8–15 digits');
    expect(summary.errors[1]!.reason).toMatch(/^email: /);
    expect(summary.errors[2]!.reason).toContain('consent: expected yes/no/granted/withdrawn');
    expect(summary.errors[3]!.reason).toContain('phone number is required');
    expect(summary.errors[4]!.reason).toContain('7 fields, but the header has 6');
    const stored = await contactsOf(tenant.tenantId);
    expect(stored.map((c) => [c.phone, c.name, c.email, c.tags, c.consent])).toEqual([
      ['+12025550187', 'Grace', null, ['us', 'vip'], 'GRANTED'],
      ['+4915130000001', 'Ada', 'ada@example.com', ['vip', 'berlin'], 'GRANTED'],
      ['+4915130000004', 'Quoted, with comma', null, [], 'WITHDRAWN'],
    ]);
    expect(stored[0]!.consent_source).toBe(`import:${summary.id}`);
    // Every consent the file set is on the audit trail, attributed to the import.
    expect(
      (await auditOf(tenant.tenantId, 'contact.consent_changed')).map((a) => a.detail.source),
    ).toEqual(Array(3).fill(`import:${summary.id}`));
    // The record an operator sees later.
    const detail = await callerFor(tenant.owner).contacts.importDetail({ id: summary.id });
    expect(detail).toMatchObject({ totalRows: 8, created: 3, rejected: 5, defaultCountry: 'DE' });
    expect(detail.errors).toEqual(summary.errors);
    expect((await callerFor(tenant.owner).contacts.imports({})).items.map((i) => i.id)).toContain(
      summary.id,
    );
  });

  it('merges duplicates within the file and against existing contacts: tags unioned, explicit values win, blanks never clear', async () => {
    const t = await createTenant('import-merge');
    const tok = await bearerFor(t.owner);
    const existing = await callerFor(t.owner).contacts.create({
      phone: mobile(1),
      name: 'Stored Name',
      email: 'stored@x.test',
      tags: ['old'],
      consent: 'GRANTED',
    });
    const csv = [
      'phone,name,email,tags,consent',
      `${mobile(1)},,,new,`, // blanks keep name/email/consent; tag added
      `${mobile(2)},First,first@x.test,a,yes`,
      `${mobile(2)},,second@x.test,b|a,`, // same file: email replaced, name kept, tags unioned
      `0049 151 00000002,Third,,c,no`, // same number written differently: name + consent replaced
    ].join('\n');
    const summary = await importOk(csv, {}, () => tok);
    expect(summary).toMatchObject({ totalRows: 4, created: 1, updated: 3, rejected: 0 });
    const [one, two] = await contactsOf(t.tenantId);
    expect(one).toMatchObject({
      id: existing.id,
      name: 'Stored Name',
      email: 'stored@x.test',
      tags: ['old', 'new'],
      consent: 'GRANTED',
      consent_source: 'console',
    });
    expect(two).toMatchObject({
      name: 'Third',
      email: 'second@x.test',
      tags: ['a', 'b', 'c'],
      consent: 'WITHDRAWN',
    });

    // A second import of the same file changes nothing but counts every row as merged.
    expect(await importOk(csv, {}, () => tok)).toMatchObject({ created: 0, updated: 4 });
    expect((await contactsOf(t.tenantId)).map((c) => c.tags)).toEqual([
      ['old', 'new'],
      ['a', 'b', 'c'],
    ]);
  });

  it('an opted-out contact stays opted out whatever the file says', async () => {
    const t = await createTenant('import-optout');
    const tok = await bearerFor(t.owner);
    const c = await callerFor(t.owner).contacts.create({ phone: mobile(5) });
    await callerFor(t.owner).contacts.optOut({ id: c.id });
    await importOk(`phone,name,consent\n${mobile(5)},Now Named,yes\n`, {}, () => tok);
    const [row] = await contactsOf(t.tenantId);
    expect(row).toMatchObject({ name: 'Now Named', consent: 'GRANTED', opted_out: true });
    expect(row!.opted_out_at).toBeInstanceOf(Date);
  });

  it('without a default country, national numbers are rejected with the reason; +numbers are kept', async () => {
    const t = await createTenant('import-nocountry');
    const tok = await bearerFor(t.owner);
    const summary = await importOk('phone\n0151 3000 0009\n+4915130000010\n', {}, () => tok);
    expect(summary).toMatchObject({ created: 1, rejected: 1 });
    expect(summary.errors[0]).toEqual({
      line: 2,
      reason: expect.stringContaining('no default country') as string,
    });
  });

  it('refuses a file without a phone header (400) and records the refusal, writing no contacts', async () => {
    const t = await createTenant('import-header');
    const tok = await bearerFor(t.owner);
    const response = await upload('name,email\nAda,ada@x.test\n', {
      token: tok,
      query: { fileName: 'no-phone.csv' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; import: Summary };
    expect(body.error).toContain('"phone" column');
    expect(body.import).toMatchObject({ status: 'FAILED', fileName: 'no-phone.csv', totalRows: 0 });
    expect((await upload('', { token: tok })).status).toBe(400);
    expect(await contactsOf(t.tenantId)).toEqual([]);
  });

  it('refuses a file with broken CSV quoting (400, with the line) rather than losing the rows after it', async () => {
    // Line 3 is inside the first chunk (1 000 rows), which never commits: nothing is kept.
    const t = await createTenant('import-quote');
    const tok = await bearerFor(t.owner);
    const response = await upload(
      `phone,name\n${mobile(1)},ok\n${mobile(2)},"Ada"x\n${mobile(3)},after\n`,
      { token: tok },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; import: Summary };
    expect(body.error).toMatch(/not readable CSV: .*line 3/);
    expect(body.import.status).toBe('FAILED');
    expect(await contactsOf(t.tenantId)).toEqual([]);
  });

  it('refuses an oversize file with 413: by Content-Length up front, by bytes or rows while streaming; committed chunks kept', async () => {
    const t = await createTenant('import-big');
    const tok = await bearerFor(t.owner);
    const declared = await upload('phone\n', {
      token: tok,
      headers: { 'content-length': String(21 * 1024 * 1024) },
    });
    expect(declared.status).toBe(413);
    expect(
      await ownerQuery('SELECT id FROM contact_imports WHERE tenant_id = $1', [t.tenantId]),
    ).toEqual([]);

    // ~24 MiB streamed without a Content-Length: stopped by the byte counter mid-stream. The
    // chunks committed before that stay (the 1 000 good rows among them), and the FAILED import
    // says how many rows that was.
    const big = generatedCsv(
      120_000,
      (i) => (i < 1_000 ? `${mobile(i)},Kept ${i}` : `not a phone,${'x'.repeat(200)}`),
      'phone,name',
    );
    const streamed = await upload(big, { token: tok });
    expect(streamed.status).toBe(413);
    const refused = (await streamed.json()) as { error: string; import: Summary };
    expect(refused.error).toContain('20 MiB');
    expect(refused.import).toMatchObject({ status: 'FAILED', created: 1_000 });
    expect(refused.import.totalRows % 1_000).toBe(0);
    expect(refused.import.totalRows).toBeGreaterThan(90_000);
    expect(refused.import.rejected).toBe(refused.import.totalRows - 1_000);
    expect(refused.import.failureReason).toContain(
      `the ${refused.import.totalRows.toLocaleString('en')} rows up to line ${refused.import.totalRows + 1} were imported and kept`,
    );
    expect(await contactsOf(t.tenantId)).toHaveLength(1_000);
    const [failed] = await ownerQuery<{
      status: string;
      failure_reason: string;
      total_rows: number;
    }>(
      `SELECT status::text AS status, failure_reason, total_rows FROM contact_imports WHERE tenant_id = $1 AND file_name = 'upload.csv'`,
      [t.tenantId],
    );
    expect(failed).toMatchObject({
      status: 'FAILED',
      failure_reason: expect.stringContaining('20 MiB') as string,
      total_rows: refused.import.totalRows,
    });

    // Row cap, through the domain with a small cap (the real one is 200 000): refused before the
    // first chunk committed, so nothing more is kept.
    const { importContactsCsv, ContactImportFailedError, ImportTooLargeError } =
      await import('../../src/server/domain/contacts');
    const { Readable } = await import('node:stream');
    const { systemActor } = await import('../../src/server/domain/audit/actor');
    const error = await importContactsCsv({
      actor: systemActor(t.tenantId),
      fileName: 'rows.csv',
      stream: Readable.from([`phone\n${[1_001, 1_002, 1_003, 1_004].map(mobile).join('\n')}\n`]),
      limits: { maxRows: 3 },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContactImportFailedError);
    expect((error as InstanceType<typeof ContactImportFailedError>).refusal).toBeInstanceOf(
      ImportTooLargeError,
    );
    expect((error as InstanceType<typeof ContactImportFailedError>).record).toMatchObject({
      status: 'FAILED',
      fileName: 'rows.csv',
      totalRows: 0,
      failureReason: expect.stringContaining('more than 3 rows') as string,
    });
    expect(await contactsOf(t.tenantId)).toHaveLength(1_000);
  });

  it('caps the stored error report at 1 000 lines but counts every rejected row', async () => {
    const t = await createTenant('import-errors');
    const tok = await bearerFor(t.owner);
    const summary = await importOk(
      generatedCsv(1_500, (i) => (i % 2 ? `${mobile(i)}` : 'garbage'), 'phone'),
      {},
      () => tok,
    );
    expect(summary).toMatchObject({ totalRows: 1_500, created: 750, rejected: 750 });
    const detail = await callerFor(t.owner).contacts.importDetail({ id: summary.id });
    expect(detail.errors).toHaveLength(750);
    const many = await importOk(
      generatedCsv(2_500, () => 'garbage', 'phone'),
      {},
      () => tok,
    );
    expect(many.rejected).toBe(2_500);
    expect(many.errors).toHaveLength(1_000);
    expect(many.errors[999]!.line).toBe(1_001);
  });

  it('imports a generated 20 000-row file, streamed, in batches', async () => {
    const t = await createTenant('import-20k');
    const tok = await bearerFor(t.owner);
    const rows = 20_000;
    const started = performance.now();
    const summary = await importOk(
      generatedCsv(
        rows,
        (i) =>
          `${mobile(100_000 + i)},Person ${i},p${i}@bulk.test,${i % 3 ? 'bulk' : 'bulk;third'},${i % 2 ? 'yes' : ''}`,
      ),
      {},
      () => tok,
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[contacts] imported ${summary.created} of ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s)`,
    );
    expect(summary).toMatchObject({ totalRows: rows, created: rows, updated: 0, rejected: 0 });
    const [count] = await ownerQuery<{ n: string; third: string; granted: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE tags @> ARRAY['third']) AS third, count(*) FILTER (WHERE consent = 'GRANTED') AS granted FROM contacts WHERE tenant_id = $1`,
      [t.tenantId],
    );
    expect(count).toEqual({
      n: String(rows),
      third: String(Math.ceil(rows / 3)),
      granted: String(rows / 2),
    });
  });
});
