// The tRPC root instance. Only init.ts and middleware/* import it; everything else uses the
// factories and procedure tiers exported from init.ts.
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { InnerContext } from './context';
import { DomainError } from '../domain/errors';

export type Meta = { scope?: 'public' | 'authed' | 'tenant' | 'admin' };

export const t = initTRPC
  .context<InnerContext>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        data: {
          ...data,
          fieldErrors: cause instanceof z.ZodError ? z.flattenError(cause).fieldErrors : undefined,
          details: cause instanceof DomainError ? cause.details : undefined,
        },
      };
    },
  });
