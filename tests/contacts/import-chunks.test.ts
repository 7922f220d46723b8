// CSV import committed in chunks (through the domain, with chunks of a few rows): progress
// visible while the file is still arriving, one import per tenant at a time, bad rows reported by
// line across chunks, duplicates merged across a chunk boundary, a refusal part-way keeping the
// committed chunks, and an abandoned RUNNING import closed by the next upload.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ContactImportFailedError,
  ImportInProgressError,
  ImportTooLargeError,
  importContactsCsv,
} from '../../src/server/domain/contacts';
import { callerFor, createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { waitFor } from '../helpers/wait-for';
import { actorOf, systemActor } from '../../src/server/domain/audit/actor';
import { contactsOf, mobile } from './support';

type ImportRow = {
  id: string;
  status: string;
  total_rows: number;
  created: number;
  updated: number;
  rejected: number;
  failure_reason: string | null;
  finished_at: Date | null;
};

const importsOf = (tenantId: string) =>
  ownerQuery<ImportRow>(
    'SELECT id, status::text AS status, total_rows, created, updated, rejected, failure_reason, finished_at FROM contact_imports WHERE tenant_id = $1 ORDER BY started_at',
    [tenantId],
  );

const csv = (...lines: string[]) => Readable.from([`${lines.join('\n')}\n`]);

const importCsv = (
  t: TestTenant,
  stream: Readable,
  limits: { chunkRows: number; maxRows?: number },
  fileName = 'chunks.csv',
) =>
  importContactsCsv({
    actor: actorOf(t.owner),
    fileName,
    stream,
    defaultCountry: 'DE',
    limits,
  });

describe('CSV import in chunks', () => {
  it('commits chunk by chunk: RUNNING with its progress and the contacts visible mid-import; a second import is refused meanwhile', async () => {
    const t = await createTenant('chunks-progress');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Five rows, then the upload stalls until the test has looked, then one more. (The parser
    // holds the last record it has until it sees what follows: two chunks of two are complete.)
    const stream = Readable.from(
      (async function* () {
        yield `phone,name\n${[1, 2, 3, 4, 5].map((n) => `${mobile(n)},Person ${n}`).join('\n')}\n`;
        await gate;
        yield `${mobile(6)},Person 6\n`;
      })(),
    );
    const running = importCsv(t, stream, { chunkRows: 2 });

    const [mid] = await waitFor(
      () => importsOf(t.tenantId),
      (rows) => rows[0]?.total_rows === 4,
      { timeoutMs: 10_000, intervalMs: 25 },
    );
    expect(mid).toMatchObject({
      status: 'RUNNING',
      total_rows: 4,
      created: 4,
      updated: 0,
      rejected: 0,
      finished_at: null,
    });
    expect((await contactsOf(t.tenantId)).map((c) => c.name)).toEqual([
      'Person 1',
      'Person 2',
      'Person 3',
      'Person 4',
    ]);
    // The console sees the same through tRPC.
    expect(await callerFor(t.owner).contacts.importDetail({ id: mid!.id })).toMatchObject({
      status: 'RUNNING',
      totalRows: 4,
      finishedAt: null,
    });

    const second = await importCsv(t, csv('phone', mobile(9)), { chunkRows: 2 }, 'second.csv').then(
      () => null,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(ImportInProgressError);
    expect(await importsOf(t.tenantId)).toHaveLength(1);

    release();
    const summary = await running;
    expect(summary).toMatchObject({
      id: mid!.id,
      status: 'COMPLETED',
      totalRows: 6,
      created: 6,
      updated: 0,
      rejected: 0,
      failureReason: null,
    });
    expect(summary.finishedAt).toBeInstanceOf(Date);
    expect(await contactsOf(t.tenantId)).toHaveLength(6);
    // Finished: the next import may run.
    expect(
      await importCsv(t, csv('phone', mobile(9)), { chunkRows: 2 }, 'third.csv'),
    ).toMatchObject({ status: 'COMPLETED', created: 1 });
  });

  it('reports bad rows by line with the reason across chunks, keeps the good ones, normalises to E.164', async () => {
    const t = await createTenant('chunks-lines');
    const summary = await importCsv(
      t,
      csv(
        'phone,name,email,consent',
        '0151 3000 0001,Ada,,yes', // line 2
        '12345,Short,,', // line 3: too few digits
        '+1 (202) 555-0187,Grace,,', // line 4
        '0151 3000 0002,Bad Email,nope,', // line 5
        '0049 151 30000003,Third,,', // line 6
        '0151 3000 0004,,,maybe', // line 7
        '+44 7911 123456,Brit,,no', // line 8
      ),
      { chunkRows: 3 },
    );
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      totalRows: 7,
      created: 4,
      updated: 0,
      rejected: 3,
    });
    expect(summary.errors.map((e) => e.line)).toEqual([3, 5, 7]);
    expect(summary.errors[0]!.reason).toContain('8–15 digits');
    expect(summary.errors[1]!.reason).toMatch(/^email: /);
    expect(summary.errors[2]!.reason).toContain('consent: expected yes/no/granted/withdrawn');
    expect((await contactsOf(t.tenantId)).map((c) => [c.phone, c.name, c.consent])).toEqual([
      ['+12025550187', 'Grace', 'UNKNOWN'],
      ['+447911123456', 'Brit', 'WITHDRAWN'],
      ['+4915130000001', 'Ada', 'GRANTED'],
      ['+4915130000003', 'Third', 'UNKNOWN'],
    ]);
    const [stored] = await importsOf(t.tenantId);
    expect(stored).toMatchObject({ status: 'COMPLETED', total_rows: 7, rejected: 3 });
  });

  it('merges duplicates across a chunk boundary as within one: explicit values win, blanks keep, tags union', async () => {
    const t = await createTenant('chunks-dedupe');
    const summary = await importCsv(
      t,
      csv(
        'phone,name,email,tags,consent',
        `${mobile(1)},Ada,,a,yes`,
        `${mobile(2)},Bob,,,`,
        // chunk 2: the first number again, written nationally
        '0151 0000 0001,,ada@x.test,b,',
        `${mobile(3)},Cy,,,`,
        // chunk 3: the second number twice within the chunk
        `${mobile(2)},,,z,no`,
        '+49 151 00000002,Robert,,,',
      ),
      { chunkRows: 2 },
    );
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      totalRows: 6,
      created: 3,
      updated: 3,
      rejected: 0,
    });
    expect(
      (await contactsOf(t.tenantId)).map((c) => [c.phone, c.name, c.email, c.tags, c.consent]),
    ).toEqual([
      [mobile(1), 'Ada', 'ada@x.test', ['a', 'b'], 'GRANTED'],
      [mobile(2), 'Robert', null, ['z'], 'WITHDRAWN'],
      [mobile(3), 'Cy', null, [], 'UNKNOWN'],
    ]);
  });

  it('a refusal part-way closes the import FAILED with the reason; the committed chunks stay, the open one is dropped', async () => {
    const t = await createTenant('chunks-refused');
    const error = await importCsv(t, csv('phone', ...[1, 2, 3, 4, 5, 6].map(mobile)), {
      chunkRows: 2,
      maxRows: 5,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContactImportFailedError);
    const failed = error as ContactImportFailedError;
    expect(failed.refusal).toBeInstanceOf(ImportTooLargeError);
    expect(failed.record).toMatchObject({
      status: 'FAILED',
      totalRows: 4,
      created: 4,
      rejected: 0,
    });
    expect(failed.record.failureReason).toBe(
      'the file has more than 5 rows; split it into smaller files (the 4 rows up to line 5 were imported and kept)',
    );
    expect((await contactsOf(t.tenantId)).map((c) => c.phone)).toEqual([1, 2, 3, 4].map(mobile));
    expect(await importsOf(t.tenantId)).toEqual([
      expect.objectContaining({
        status: 'FAILED',
        total_rows: 4,
        finished_at: expect.any(Date) as Date,
      }),
    ]);
  });

  it('an upload that stalls past the time limit is refused; what was committed stays', async () => {
    const t = await createTenant('chunks-slow');
    const stalled = Readable.from(
      (async function* () {
        yield `phone\n${[1, 2, 3].map(mobile).join('\n')}\n`;
        await new Promise(() => undefined); // the client never sends the rest
      })(),
    );
    const error = await importContactsCsv({
      actor: systemActor(t.tenantId),
      fileName: 'slow.csv',
      stream: stalled,
      limits: { chunkRows: 2, maxDurationMs: 300 },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContactImportFailedError);
    expect((error as ContactImportFailedError).refusal).toBeInstanceOf(ImportTooLargeError);
    expect((error as ContactImportFailedError).record).toMatchObject({
      status: 'FAILED',
      totalRows: 2,
      failureReason:
        'the import took longer than 1 s; split the file into smaller files (the 2 rows up to line 3 were imported and kept)',
    });
    expect(await contactsOf(t.tenantId)).toHaveLength(2);
  });

  it('an import left RUNNING by a dead process is closed as abandoned by the next upload', async () => {
    const t = await createTenant('chunks-stale');
    const [stale] = await ownerQuery<{ id: string }>(
      `INSERT INTO contact_imports (tenant_id, file_name, status, started_at) VALUES ($1, 'died.csv', 'RUNNING', now() - interval '1 hour') RETURNING id`,
      [t.tenantId],
    );
    expect(await importCsv(t, csv('phone', mobile(1)), { chunkRows: 2 })).toMatchObject({
      status: 'COMPLETED',
      created: 1,
    });
    const rows = await importsOf(t.tenantId);
    expect(rows.find((r) => r.id === stale!.id)).toMatchObject({
      status: 'FAILED',
      failure_reason: expect.stringContaining('abandoned') as string,
    });
  });

  it('the database keeps the rules: RUNNING exactly while unfinished, one RUNNING import per tenant', async () => {
    const t = await createTenant('chunks-db');
    const insert = (status: string, finished: string) =>
      ownerQuery(
        `INSERT INTO contact_imports (tenant_id, file_name, status, finished_at) VALUES ($1, 'x.csv', $2::"ContactImportStatus", ${finished})`,
        [t.tenantId, status],
      );
    await expect(insert('RUNNING', 'now()')).rejects.toThrow(/contact_imports_running_state/);
    await expect(insert('COMPLETED', 'NULL')).rejects.toThrow(/contact_imports_running_state/);
    await insert('RUNNING', 'NULL');
    await expect(insert('RUNNING', 'NULL')).rejects.toThrow(/contact_imports_one_running/);
  });
});
