// CSV import, streamed: bytes are counted as they arrive, csv-parse yields one record at a time,
// and good rows are upserted 500 distinct phones per statement, so memory stays bounded by one
// batch plus the capped error list whatever the file size. Bad rows are reported by line with
// the reason and skipped; a file over the caps, without a phone header or with broken quoting is
// refused as a whole (the caller's transaction rolls back: nothing half-imported).
import { randomUUID } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CsvError, parse } from 'csv-parse';
import type { CountryCode } from 'libphonenumber-js';
import type { Tx } from '../../../db/tx';
import { withLock } from '../../../db/lock';
import { ImportRejectedError, ImportTooLargeError } from '../errors';
import { resolveDefaultCountry } from '../fields';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { mergeRows, parseRow, readHeader, type ColumnIndex, type ImportRow } from './row';
import { upsertContactBatch } from './upsert-batch';
import { contactImportSelect, toImportView, type ContactImportView } from './imports';

export type ImportLineError = { line: number; reason: string };

export type ImportContactsCsvInput = {
  tenantId: string;
  /** A Node Readable or a web ReadableStream (a route handler's `req.body`). */
  stream: Readable | ReadableStream<Uint8Array>;
  fileName: string;
  defaultCountry?: CountryCode | null;
  createdBy?: string | null;
  limits?: Partial<ImportLimits>;
};

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** Counts bytes on the way through and stops the stream once it passes the cap. */
function byteCap(maxBytes: number, fail: (error: Error) => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(fail(new ImportTooLargeError(`the file is larger than ${mib(maxBytes)}; split it into smaller files`)));
      else callback(null, chunk);
    },
  });
}

function toNodeReadable(stream: ImportContactsCsvInput['stream']): Readable {
  return stream instanceof Readable ? stream : Readable.fromWeb(stream as unknown as WebReadableStream<Uint8Array>);
}

type ParsedRecord = { record: string[]; info: { lines: number } };

export async function importContactsCsv(tx: Tx, input: ImportContactsCsvInput): Promise<ContactImportView> {
  const limits = { ...IMPORT_LIMITS, ...input.limits };
  const defaultCountry = resolveDefaultCountry(input.defaultCountry);
  const importId = randomUUID();
  const scope = { tenantId: input.tenantId, actorId: input.createdBy ?? null, source: `import:${importId}` };
  // One import per tenant at a time: two files merging into the same contacts would otherwise
  // race on the "before" consent each one audits. A second upload waits, then answers 409.
  return withLock(tx, `contacts:import:${input.tenantId}`, async () => {
    const errors: ImportLineError[] = [];
    let rejected = 0;
    let totalRows = 0;
    let created = 0;
    let updated = 0;
    let batch = new Map<string, ImportRow>();
    let columns: ColumnIndex | null = null;
    let headerWidth = 0;

    const reject = (line: number, reason: string) => {
      rejected += 1;
      if (errors.length < limits.maxErrors) errors.push({ line, reason: reason.slice(0, 500) });
    };
    const flush = async () => {
      const rows = [...batch.values()];
      batch = new Map();
      const outcome = await upsertContactBatch(tx, scope, rows);
      created += outcome.created;
      updated += outcome.updated;
    };

    // Broken CSV syntax (a stray quote, a record past maxRecordBytes) refuses the file with the
    // line: csv-parse's skip_records_with_error does not resynchronise reliably after a bad quote
    // and silently drops the rows that follow, which would be worse than refusing.
    const parser = parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: limits.maxRecordBytes,
      info: true,
    });

    // The first refusal is kept here: tearing the pipeline down can surface a secondary error
    // (an AbortError from the web stream being cancelled) in its place.
    let refusal: Error | null = null;
    const fail = (error: Error) => (refusal ??= error);
    try {
      await pipeline(toNodeReadable(input.stream), byteCap(limits.maxBytes, fail), parser, async (records: AsyncIterable<ParsedRecord>) => {
        for await (const { record, info } of records) {
          if (!columns) {
            const header = readHeader(record);
            if (!header.ok) throw fail(new ImportRejectedError(header.error));
            columns = header.columns;
            headerWidth = record.length;
            continue;
          }
          totalRows += 1;
          if (totalRows > limits.maxRows) throw fail(new ImportTooLargeError(`the file has more than ${limits.maxRows.toLocaleString('en')} rows; split it into smaller files`));
          if (record.length > headerWidth) {
            reject(info.lines, `${record.length} fields, but the header has ${headerWidth} (an unquoted comma?)`);
            continue;
          }
          const parsed = parseRow(record, columns, defaultCountry);
          if (!parsed.ok) {
            reject(info.lines, parsed.reason);
            continue;
          }
          const earlier = batch.get(parsed.row.phone);
          if (earlier) {
            // Merged into a row earlier in this batch: counted as an update of that contact.
            batch.set(parsed.row.phone, mergeRows(earlier, parsed.row));
            updated += 1;
            continue;
          }
          batch.set(parsed.row.phone, parsed.row);
          if (batch.size >= limits.batchSize) await flush();
        }
      });
    } catch (error) {
      if (refusal) throw refusal;
      if (error instanceof CsvError) throw new ImportRejectedError(`the file is not readable CSV: ${error.message}`);
      throw error;
    }
    if (!columns) throw new ImportRejectedError('the file is empty: the first row must be a header with a "phone" column');
    await flush();

    const record = await tx.contactImport.create({
      data: {
        id: importId,
        tenantId: input.tenantId,
        fileName: input.fileName,
        status: 'COMPLETED',
        totalRows,
        created,
        updated,
        rejected,
        errors,
        defaultCountry,
        createdBy: input.createdBy ?? null,
        finishedAt: new Date(),
      },
      select: contactImportSelect,
    });
    return toImportView(record);
  }, { waitMs: 10_000 });
}
