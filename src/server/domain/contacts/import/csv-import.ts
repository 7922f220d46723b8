// CSV import, streamed and committed in chunks: bytes are counted as they arrive, csv-parse
// yields one record at a time, and every `chunkRows` data rows (1 000) are committed in a short
// transaction of their own (upserts of up to 500 distinct phones per statement, plus the import
// row's new counts), so contacts appear while a big file is still arriving and no lock is held
// for the length of the upload. Memory stays bounded by one chunk plus the capped error list.
// Bad rows are reported by line with the reason and skipped; duplicates merge within a chunk
// (here) and across chunks (the upsert). A file over the caps, without a phone header or with
// broken quoting is refused: the import is closed FAILED with the reason, and the chunks already
// committed stay (good rows kept, as always; the open chunk is dropped), its counts saying so.
// Takes no transaction: it opens one per chunk.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CsvError, parse } from 'csv-parse';
import type { CountryCode } from 'libphonenumber-js';
import { withTenantTx, type Tx } from '../../../db/tx';
import type { Actor } from '../../audit/actor';
import { ContactImportFailedError, ImportRejectedError, ImportTooLargeError } from '../errors';
import { resolveDefaultCountry } from '../fields';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { mergeRows, parseRow, readHeader, type ColumnIndex, type ImportRow } from './row';
import { upsertContactBatch } from './upsert-batch';
import { getContactImport, type ContactImportView } from './imports';
import {
  failContactImport,
  saveImportProgress,
  startContactImport,
  type ImportCounts,
  type ImportLineError,
} from './import-progress';

export type { ImportLineError } from './import-progress';

export type ImportContactsCsvInput = {
  /** Who uploads (recorded as the import's creator); its tenant receives the contacts. */
  actor: Actor;
  /** A Node Readable or a web ReadableStream (a route handler's `req.body`). */
  stream: Readable | ReadableStream<Uint8Array>;
  fileName: string;
  defaultCountry?: CountryCode | null;
  limits?: Partial<ImportLimits>;
};

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
const duration = (ms: number) =>
  ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.ceil(ms / 1000)} s`;

/** Counts bytes on the way through and stops the stream once it passes the cap. */
function byteCap(maxBytes: number, fail: (error: Error) => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes)
        callback(
          fail(
            new ImportTooLargeError(
              `the file is larger than ${mib(maxBytes)}; split it into smaller files`,
            ),
          ),
        );
      else callback(null, chunk);
    },
  });
}

function toNodeReadable(stream: ImportContactsCsvInput['stream']): Readable {
  return stream instanceof Readable
    ? stream
    : Readable.fromWeb(stream as unknown as WebReadableStream<Uint8Array>);
}

type ParsedRecord = { record: string[]; info: { lines: number } };

/** Rows read since the last commit: distinct phones (merged), and the rows' own tallies. */
type OpenChunk = {
  rows: Map<string, ImportRow>;
  totalRows: number;
  merged: number;
  rejected: number;
  errors: ImportLineError[];
  lastLine: number;
};
const openChunk = (): OpenChunk => ({
  rows: new Map(),
  totalRows: 0,
  merged: 0,
  rejected: 0,
  errors: [],
  lastLine: 0,
});

type Refusal = ImportTooLargeError | ImportRejectedError;
const isRefusal = (e: unknown): e is Refusal =>
  e instanceof ImportTooLargeError || e instanceof ImportRejectedError;

// opens its own transactions (one per committed chunk)
export async function importContactsCsv(input: ImportContactsCsvInput): Promise<ContactImportView> {
  const { actor } = input;
  const limits = { ...IMPORT_LIMITS, ...input.limits };
  const defaultCountry = resolveDefaultCountry(input.defaultCountry);
  const inTx = <T>(fn: (tx: Tx) => Promise<T>) =>
    withTenantTx(actor.tenantId, fn, { userId: actor.userId ?? undefined });
  const record = await inTx((tx) =>
    startContactImport(tx, {
      tenantId: actor.tenantId,
      fileName: input.fileName,
      defaultCountry,
      createdBy: actor.userId,
      staleAfterMs: limits.staleAfterMs,
    }),
  );
  const source = `import:${record.id}`;

  // What is committed (and on the import row), and the chunk being read.
  let committed: ImportCounts & { errors: ImportLineError[]; lastLine: number } = {
    totalRows: 0,
    created: 0,
    updated: 0,
    rejected: 0,
    errors: [],
    lastLine: 1,
  };
  let chunk = openChunk();
  let committing: Promise<unknown> = Promise.resolve();
  let completed: ContactImportView | null = null;

  const reject = (line: number, reason: string) => {
    chunk.rejected += 1;
    if (committed.errors.length + chunk.errors.length < limits.maxErrors)
      chunk.errors.push({ line, reason: reason.slice(0, 500) });
  };

  /** One transaction: the chunk's upserts and the import's counts after it (COMPLETED if last). */
  const commit = async (finished: boolean) => {
    const done = chunk;
    chunk = openChunk();
    const rows = [...done.rows.values()];
    const errors = done.errors.length > 0 ? [...committed.errors, ...done.errors] : undefined;
    const work = inTx(async (tx) => {
      let created = 0;
      let updated = 0;
      for (let i = 0; i < rows.length; i += limits.batchSize) {
        const outcome = await upsertContactBatch(tx, {
          actor,
          source,
          rows: rows.slice(i, i + limits.batchSize),
        });
        created += outcome.created;
        updated += outcome.updated;
      }
      const counts: ImportCounts = {
        totalRows: committed.totalRows + done.totalRows,
        created: committed.created + created,
        // Rows merged into an earlier row of the same chunk count as updates of that contact.
        updated: committed.updated + updated + done.merged,
        rejected: committed.rejected + done.rejected,
      };
      await saveImportProgress(tx, { id: record.id, counts, errors, finished });
      if (finished) completed = await getContactImport(tx, { id: record.id });
      return counts;
    });
    committing = work;
    const counts = await work;
    committed = {
      ...counts,
      errors: errors ?? committed.errors,
      lastLine: done.lastLine || committed.lastLine,
    };
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
  let refusal: Refusal | null = null;
  const fail = (error: Refusal) => (refusal ??= error);
  const deadline = AbortSignal.timeout(limits.maxDurationMs);
  try {
    let columns: ColumnIndex | null = null;
    let headerWidth = 0;
    await pipeline(
      toNodeReadable(input.stream),
      byteCap(limits.maxBytes, fail),
      parser,
      async (records: AsyncIterable<ParsedRecord>) => {
        for await (const { record: cells, info } of records) {
          if (!columns) {
            const header = readHeader(cells);
            if (!header.ok) throw fail(new ImportRejectedError(header.error));
            columns = header.columns;
            headerWidth = cells.length;
            continue;
          }
          chunk.totalRows += 1;
          chunk.lastLine = info.lines;
          if (committed.totalRows + chunk.totalRows > limits.maxRows)
            throw fail(
              new ImportTooLargeError(
                `the file has more than ${limits.maxRows.toLocaleString('en')} rows; split it into smaller files`,
              ),
            );
          const parsed =
            cells.length > headerWidth
              ? {
                  ok: false as const,
                  reason: `${cells.length} fields, but the header has ${headerWidth} (an unquoted comma?)`,
                }
              : parseRow(cells, columns, defaultCountry);
          if (!parsed.ok) reject(info.lines, parsed.reason);
          else {
            const earlier = chunk.rows.get(parsed.row.phone);
            if (earlier) chunk.merged += 1;
            chunk.rows.set(parsed.row.phone, earlier ? mergeRows(earlier, parsed.row) : parsed.row);
          }
          if (chunk.totalRows >= limits.chunkRows) await commit(false);
        }
        if (!columns)
          throw fail(
            new ImportRejectedError(
              'the file is empty: the first row must be a header with a "phone" column',
            ),
          );
        await commit(true);
      },
      { signal: deadline },
    );
  } catch (error) {
    // A chunk may still be committing when the stream is torn down: let it land (or not) first,
    // so the FAILED record's counts are those of what is really kept.
    await committing.catch(() => undefined);
    const cause: unknown = refusal ?? error;
    const refused: Refusal | null = isRefusal(cause)
      ? cause
      : deadline.aborted
        ? new ImportTooLargeError(
            `the import took longer than ${duration(limits.maxDurationMs)}; split the file into smaller files`,
          )
        : cause instanceof CsvError
          ? new ImportRejectedError(`the file is not readable CSV: ${cause.message}`)
          : null;
    const kept =
      committed.totalRows > 0
        ? ` (the ${committed.totalRows.toLocaleString('en')} rows up to line ${committed.lastLine} were imported and kept)`
        : '';
    const reason = refused
      ? `${refused.message}${kept}`
      : `the import stopped on an internal error${kept}`;
    const failed = await inTx((tx) => failContactImport(tx, { id: record.id, reason })).catch(
      () => null,
    );
    if (refused && failed) throw new ContactImportFailedError(refused, failed);
    throw refused ?? error;
  }
  if (!completed) throw new Error(`contact import ${record.id} ended without its last commit`);
  return completed;
}
