// graphile-worker 0.17 records a job's outcome (complete, fail) through `withRetries`, which
// retries only the error codes in its RETRYABLE_ERROR_CODES table (serialization failures, 57P03
// "cannot connect now", EHOSTUNREACH, ETIMEDOUT). Any other error there is an unhandled rejection
// that ends the process: a Postgres restart did exactly that (ECONNREFUSED while failing a job, in
// bench/drills/pg-restart.ts). A cut or refused connection is as transient as those, and retrying
// is safe: the outcome is still in memory, and both statements only touch jobs still locked by this
// pool, so repeating one whose commit was acknowledged too late changes nothing.
import { RETRYABLE_ERROR_CODES } from 'graphile-worker/dist/lib.js';

/** Socket errors and SQLSTATEs of a lost connection: admin/crash shutdown, class 08. */
const CONNECTION_LOST = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
];

export function retryLostConnections(): void {
  for (const code of CONNECTION_LOST)
    RETRYABLE_ERROR_CODES[code] ??= { minDelay: 1_000, maxDelay: 30_000 };
}
