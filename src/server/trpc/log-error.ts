import type { TRPCError } from '@trpc/server';
import { logger } from '../obs/logger';
import { captureException } from '../obs/sentry';

type ErrorEvent = { error: TRPCError; path?: string; ctx?: { requestId?: string } };

/**
 * Server faults are logged (redacted, with the request id their answer carries) and reported;
 * client mistakes (4xx) only at debug level.
 */
export function logTrpcError({ error, path, ctx }: ErrorEvent): void {
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    logger.error(
      { err: error.cause ?? error, path, requestId: ctx?.requestId },
      'procedure failed',
    );
    captureException(error.cause ?? error);
  } else {
    logger.debug({ code: error.code, path, message: error.message }, 'procedure refused');
  }
}
