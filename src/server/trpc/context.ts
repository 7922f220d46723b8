// One context for the route handler, server components and tests. The inner context takes an
// already-resolved principal so tests can use createCaller without HTTP.
import type { Principal } from '../domain/auth/principal';
import { resolvePrincipal } from '../auth/resolve';
import { resolveRequestId } from '../obs/request-context';

export type InnerContext = {
  principal: Principal | null;
  /** The bearer credential was present but invalid: answer 401 rather than fall back. */
  authError?: string;
  requestId: string;
  headers: Headers;
};

export function createInnerContext(options: Partial<InnerContext> = {}): InnerContext {
  return {
    principal: options.principal ?? null,
    authError: options.authError,
    requestId: options.requestId ?? resolveRequestId(null),
    headers: options.headers ?? new Headers(),
  };
}

export async function createContext({ req }: { req: Request }): Promise<InnerContext> {
  const { principal, error } = await resolvePrincipal(req.headers);
  return createInnerContext({
    principal,
    authError: error,
    requestId: resolveRequestId(req.headers.get('x-request-id')),
    headers: req.headers,
  });
}

export type Context = Awaited<ReturnType<typeof createContext>>;
