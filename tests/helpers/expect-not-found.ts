import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** The call is refused as NOT_FOUND: another tenant's ids look exactly like ids that do not exist. */
export async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('NOT_FOUND');
}
