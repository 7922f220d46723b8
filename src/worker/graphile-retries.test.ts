// Against graphile-worker's own retry wrapper: a refused connection while recording a job's
// outcome is retried until the database answers, instead of rejecting (which ended the process).
import { describe, expect, it } from 'vitest';
import type { WithPgClient } from 'graphile-worker';
import { makeEnhancedWithPgClient } from 'graphile-worker/dist/lib.js';
import { retryLostConnections } from './graphile-retries';

const refusedOnce = (): WithPgClient => {
  let calls = 0;
  return (() => {
    calls += 1;
    if (calls === 1)
      return Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      );
    return Promise.resolve('recorded');
  }) as unknown as WithPgClient;
};

describe('graphile-worker retries', () => {
  it('retries an outcome write whose connection was refused', async () => {
    retryLostConnections();
    const withPgClient = makeEnhancedWithPgClient(refusedOnce());
    await expect(withPgClient.withRetries(() => Promise.resolve('ignored'))).resolves.toBe(
      'recorded',
    );
  });
});
