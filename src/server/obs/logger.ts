// Structured JSON logs. Every line carries the current request id; secrets and PII are scrubbed
// by key and by pattern before anything is written.
import pino, { type DestinationStream, type Logger } from 'pino';
import { getRequestContext } from './request-context';
import { redactValue, redactText } from '@/lib/redact';

const store = globalThis as typeof globalThis & { __switchboardLogger?: Logger };

/** Exported for tests, which pass their own destination; the app uses `logger`. */
export function createLogger(destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: `switchboard-${process.env.SWITCHBOARD_PROCESS ?? 'web'}` },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        '*.password',
        '*.token',
      ],
      censor: '[redacted]',
    },
    formatters: {
      log: (object) => redactValue(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, scrubbed);
      },
    },
    mixin: () => {
      const ctx = getRequestContext();
      return ctx
        ? { requestId: ctx.requestId, ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}) }
        : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger: Logger = (store.__switchboardLogger ??= createLogger());
