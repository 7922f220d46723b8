// Sentry for the server processes (web and worker), scrubbed of PII, and off unless SENTRY_DSN
// is set.
import * as Sentry from '@sentry/nextjs';
import { scrubBreadcrumb, scrubEvent } from '@/lib/sentry-scrub';

export { scrubEvent };

export function initSentry(dsn: string | undefined, process: 'web' | 'worker' = 'web'): boolean {
  if (!dsn) return false;
  Sentry.init({
    dsn,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    initialScope: { tags: { process } },
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb) => scrubBreadcrumb(breadcrumb),
  });
  return true;
}

export function captureException(error: unknown, tags?: Record<string, string>): void {
  if (Sentry.getClient()) Sentry.captureException(error, tags ? { tags } : undefined);
}
