import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { toTRPCError } from './errors';
import {
  ConflictError,
  ForbiddenError,
  LockTimeoutError,
  NotFoundError,
  ValidationError,
} from '../domain/errors';
import { ImportRejectedError, ImportTooLargeError } from '../domain/contacts/errors';

describe('toTRPCError', () => {
  it('maps each domain error to its code', () => {
    expect(toTRPCError(new NotFoundError('x'))?.code).toBe('NOT_FOUND');
    expect(toTRPCError(new ConflictError('x'))?.code).toBe('CONFLICT');
    expect(toTRPCError(new LockTimeoutError('k'))?.code).toBe('CONFLICT');
    expect(toTRPCError(new ValidationError('x'))?.code).toBe('BAD_REQUEST');
    expect(toTRPCError(new ForbiddenError('x'))?.code).toBe('FORBIDDEN');
    expect(toTRPCError(new ImportTooLargeError('x'))?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(toTRPCError(new ImportRejectedError('x'))?.code).toBe('BAD_REQUEST');
  });

  it('unwraps a TRPCError caused by a domain error and leaves others alone', () => {
    expect(
      toTRPCError(
        new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new NotFoundError('gone') }),
      )?.code,
    ).toBe('NOT_FOUND');
    expect(toTRPCError(new TRPCError({ code: 'UNAUTHORIZED' }))).toBeNull();
    expect(toTRPCError(new Error('boom'))).toBeNull();
  });

  it('turns serialization failures and deadlocks into retryable conflicts', () => {
    expect(toTRPCError({ code: '40001', message: 'could not serialize' })?.code).toBe('CONFLICT');
    expect(toTRPCError({ code: '40P01', message: 'deadlock detected' })?.code).toBe('CONFLICT');
  });
});
