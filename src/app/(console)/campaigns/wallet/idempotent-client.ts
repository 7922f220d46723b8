'use client';
// Mutations that move money need an Idempotency-Key header; the console's shared client sends
// none, so these calls go through a one-off client carrying the key chosen for the operation
// (kept by the caller, so a retry of the same intent sends the same key).
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@/server/trpc/root';

export function clientWithIdempotencyKey(key: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: '/api/trpc', headers: { 'idempotency-key': key } })],
  });
}
