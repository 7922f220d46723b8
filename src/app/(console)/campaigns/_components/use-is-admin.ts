'use client';
// Whether the signed-in member may launch, cancel and reconcile (OWNER or ADMIN). The server
// checks again; this only decides which buttons are shown.
import { api } from '@/lib/trpc/react';

/** undefined until the profile has loaded. */
export function useIsAdmin(): boolean | undefined {
  const me = api.me.get.useQuery(undefined, { staleTime: 60_000 });
  if (!me.data) return undefined;
  return me.data.role === 'OWNER' || me.data.role === 'ADMIN';
}
