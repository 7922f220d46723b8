// The tRPC root instance. Only init.ts and middleware/* import it; everything else uses the
// factories and procedure tiers exported from init.ts.
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { InnerContext } from './context';
import { DomainError } from '../domain/errors';
import { getRequestContext } from '../obs/request-context';

export type Meta = { scope?: 'public' | 'authed' | 'tenant' | 'admin' };

export const t = initTRPC
  .context<InnerContext>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const { stack: _stack, ...data } = shape.data;
      // An unexpected error's message is the server's (Prisma's invocation text, a driver's SQL
      // state, a payload excerpt): the client gets the request id to quote, the log the rest.
      const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
      return {
        ...shape,
        message: isInternal ? 'internal error' : shape.message,
        data: {
          ...data,
          fieldErrors:
            !isInternal && cause instanceof z.ZodError
              ? z.flattenError(cause).fieldErrors
              : undefined,
          details: !isInternal && cause instanceof DomainError ? cause.details : undefined,
          requestId: ctx?.requestId ?? getRequestContext()?.requestId,
        },
      };
    },
  });
