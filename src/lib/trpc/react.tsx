'use client';
// The console's tRPC client: TanStack Query hooks over one batched HTTP link.
import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCReact, httpBatchLink } from '@trpc/react-query';
import type { AppRouter } from '@/server/trpc/root';
import { retryUnlessClientError } from './errors';

export const api = createTRPCReact<AppRouter>();

export function TRPCProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, retry: retryUnlessClientError, refetchOnWindowFocus: false },
        },
      }),
  );
  const [client] = useState(() =>
    api.createClient({ links: [httpBatchLink({ url: '/api/trpc' })] }),
  );
  return (
    <api.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </api.Provider>
  );
}
