'use client';
// Whether the signed-in member may launch, cancel and reconcile (OWNER or ADMIN). The server
// checks again; this only decides which buttons are shown.
import { api } from '@/lib/trpc/react';

export function useIsAdmin(): boolean {
  const me = api.me.get.useQuery(undefined, { staleTime: 60_000 });
  return me.data?.role === 'OWNER' || me.data?.role === 'ADMIN';
}
