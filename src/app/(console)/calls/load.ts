// Server-side tRPC caller for the calls pages: the request's own principal, tenant-scoped.
import { headers } from 'next/headers';
import { resolvePrincipal } from '@/server/auth/resolve';
import { createCaller } from '@/server/trpc/root';
import { createInnerContext } from '@/server/trpc/context';

export async function callsCaller() {
  const { principal } = await resolvePrincipal(new Headers(await headers()));
  return createCaller(createInnerContext({ principal }));
}
