import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/trpc/root';
import { createContext } from '@/server/trpc/context';
import { logTrpcError } from '@/server/trpc/log-error';
import { rateLimitResponseMeta } from '@/server/trpc/middleware/rate-limit';

export const dynamic = 'force-dynamic';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext,
    onError: logTrpcError,
    responseMeta: rateLimitResponseMeta,
  });

export { handler as GET, handler as POST };
