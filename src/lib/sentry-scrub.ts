// Sentry events scrubbed of PII before they leave the process: the same redaction as the logs,
// used by the web server, the worker and the browser alike.
import type { Breadcrumb, ErrorEvent } from '@sentry/nextjs';
import { redactText, redactValue } from './redact';

export function scrubEvent<E extends ErrorEvent>(event: E): E {
  const request = event.request
    ? {
        ...event.request,
        cookies: undefined,
        url: event.request.url ? redactText(event.request.url) : event.request.url,
        query_string: undefined,
        headers: redactValue(event.request.headers) as Record<string, string>,
        data: redactValue(event.request.data),
      }
    : undefined;
  return {
    ...event,
    user: event.user ? { id: event.user.id } : undefined,
    request,
    extra: redactValue(event.extra) as E['extra'],
    breadcrumbs: event.breadcrumbs?.map(scrubBreadcrumb),
    exception: event.exception
      ? {
          ...event.exception,
          values: event.exception.values?.map((v) => ({
            ...v,
            value: v.value ? redactText(v.value) : v.value,
            stacktrace: v.stacktrace
              ? { ...v.stacktrace, frames: v.stacktrace.frames?.map(scrubFrame) }
              : v.stacktrace,
          })),
        }
      : undefined,
  };
}

type StackFrame = NonNullable<
  NonNullable<
    NonNullable<NonNullable<ErrorEvent['exception']>['values']>[number]['stacktrace']
  >['frames']
>[number];

// Source lines around a frame and captured local variables can hold data as easily as code.
function scrubFrame(frame: StackFrame): StackFrame {
  return {
    ...frame,
    context_line: frame.context_line ? redactText(frame.context_line) : frame.context_line,
    pre_context: frame.pre_context?.map(redactText),
    post_context: frame.post_context?.map(redactText),
    vars: frame.vars ? (redactValue(frame.vars) as Record<string, unknown>) : frame.vars,
  };
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb {
  return {
    ...breadcrumb,
    message: breadcrumb.message ? redactText(breadcrumb.message) : breadcrumb.message,
    data: redactValue(breadcrumb.data) as Record<string, unknown> | undefined,
  };
}
