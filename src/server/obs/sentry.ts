// Sentry, scrubbed of PII, and off unless SENTRY_DSN is set.
import * as Sentry from '@sentry/nextjs';
import { redactValue } from './redact';

type SentryEvent = Parameters<
  NonNullable<Parameters<typeof Sentry.init>[0]>['beforeSend'] & object
>[0];

export function scrubEvent<E extends SentryEvent>(event: E): E {
  const request = event.request
    ? {
        ...event.request,
        cookies: undefined,
        headers: redactValue(event.request.headers) as Record<string, string>,
        data: redactValue(event.request.data),
      }
    : undefined;
  return {
    ...event,
    user: event.user ? { id: event.user.id } : undefined,
    request,
    extra: redactValue(event.extra) as E['extra'],
    breadcrumbs: event.breadcrumbs?.map((b) => ({
      ...b,
      message: b.message ? (redactValue(b.message) as string) : b.message,
      data: redactValue(b.data) as Record<string, unknown>,
    })),
    exception: event.exception
      ? {
          ...event.exception,
          values: event.exception.values?.map((v) => ({
            ...v,
            value: v.value ? (redactValue(v.value) as string) : v.value,
          })),
        }
      : undefined,
  };
}

export function initSentry(dsn: string | undefined): boolean {
  if (!dsn) return false;
  Sentry.init({
    dsn,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    beforeSend: (event) => scrubEvent(event),
  });
  return true;
}

export function captureException(error: unknown): void {
  if (Sentry.getClient()) Sentry.captureException(error);
}
