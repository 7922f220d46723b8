/** Bounds of one CSV import: what memory and time a single upload may cost. */
export type ImportLimits = {
  /** Bytes of the file (the route also refuses a larger Content-Length up front). */
  maxBytes: number;
  /** Data rows (header excluded). */
  maxRows: number;
  /** Distinct phones per multi-row upsert statement. */
  batchSize: number;
  /** Data rows (good or bad) per transaction: each chunk commits and becomes visible on its own. */
  chunkRows: number;
  /** The whole import, upload included; a longer one is refused (its committed chunks stay). */
  maxDurationMs: number;
  /** A RUNNING import this old was abandoned (its process died): the next upload closes it. */
  staleAfterMs: number;
  /** Rejected lines kept in the report (all are counted). */
  maxErrors: number;
  /** One record (guards against an unterminated quote swallowing the file into one field). */
  maxRecordBytes: number;
};

export const IMPORT_LIMITS: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 200_000,
  batchSize: 500,
  chunkRows: 1_000,
  maxDurationMs: 300_000,
  staleAfterMs: 360_000,
  maxErrors: 1_000,
  maxRecordBytes: 64 * 1024,
};
