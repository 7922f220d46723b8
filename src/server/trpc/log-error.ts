import type { TRPCError } from '@trpc/server';
import { logger } from '../obs/logger';
import { captureException } from '../obs/sentry';

/** Server faults are logged and reported; client mistakes (4xx) only at debug level. */
export function logTrpcError({ error, path }: { error: TRPCError; path?: string }): void {
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    captureException(error.cause ?? error);
  } else {
    logger.debug({ code: error.code, path, message: error.message }, 'procedure refused');
  }
}
