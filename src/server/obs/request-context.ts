// The request id (and tenant, once known) that follows work through async calls into the jobs
// a request enqueues.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export type RequestContext = {
  requestId: string;
  tenantId?: string;
  /** A job attempt's abort signal: database transactions opened under it stop when it fires. */
  signal?: AbortSignal;
};

const store = globalThis as typeof globalThis & {
  __switchboardAls?: AsyncLocalStorage<RequestContext>;
};
const als = (store.__switchboardAls ??= new AsyncLocalStorage<RequestContext>());

const VALID_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accept a caller's id when it is sane, else make one. */
export function resolveRequestId(header: string | null | undefined): string {
  return header && VALID_ID.test(header) ? header : randomUUID();
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return als.run(context, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return als.getStore();
}
