// Next.js instrumentation hook: runs once when the server starts, and for every request error
// Next sees (a page or route that threw).
import type { Instrumentation } from 'next';
import { captureRequestError } from '@sentry/nextjs';

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Next prints a request's error itself with console.error, raw: a driver error quotes the
  // payload it failed on, phone numbers and all. In the server every such line goes through the
  // logger instead, redacted like any other (development keeps Next's readable output).
  if (process.env.NODE_ENV !== 'development') {
    const { logger } = await import('./server/obs/logger');
    const { inspect } = await import('node:util');
    const through =
      (level: 'error' | 'warn') =>
      (...args: unknown[]) => {
        const err = args.find((a): a is Error => a instanceof Error);
        const text = args
          .filter((a) => a !== err)
          .map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 4, breakLength: Infinity })))
          .join(' ')
          .trim();
        logger[level](err ? { err } : {}, text || err?.message || 'console output');
      };
    console.error = through('error');
    console.warn = through('warn');
  }
  // Sentry on the server when (and only when) SENTRY_DSN is set.
  if (process.env.SENTRY_DSN) {
    const { initSentry } = await import('./server/obs/sentry');
    initSentry(process.env.SENTRY_DSN);
  }
}

/** Reported to Sentry (scrubbed there; a no-op without SENTRY_DSN); Next's own print of it is
 * the console line above, which the logger redacts. */
export const onRequestError: Instrumentation.onRequestError = (error, request, context) =>
  captureRequestError(error, request, context);
