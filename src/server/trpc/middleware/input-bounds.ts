// The first look at every procedure's raw input, before the idempotency hash and zod see it, so
// every procedure (and every string field, shared text schema or not) gets the same rules:
//   - nesting deeper than MAX_JSON_DEPTH is refused: the hash and zod walk the value recursively
//     and would overflow the stack;
//   - a lone UTF-16 surrogate becomes U+FFFD (toWellFormed says why): clients truncating text
//     mid-emoji send them innocently, and jsonb (an audit entry's detail) refuses them;
//   - U+0000 is refused, naming the field: Postgres text cannot hold it (a search filter failed
//     with 22021), no keyboard types it, and removing it would silently change what was sent
//     (a password, say). The text schemas strip other controls as before.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { t } from '../base';
import {
  findNul,
  isValueTooDeep,
  MAX_JSON_DEPTH,
  toWellFormedJson,
  type JsonPath,
} from '@/lib/json/bounds';

const NUL_MESSAGE = 'may not contain the NUL character (U+0000)';

/** The refusal as zod's own error (made by a parse: zod 4's constructor alone makes no Error),
 * so the error formatter lists it with the field's errors as for any other invalid input. */
const nulError = (path: JsonPath) =>
  z
    .unknown()
    .superRefine((_, ctx) => ctx.addIssue({ code: 'custom', path, message: NUL_MESSAGE }))
    .safeParse(null).error;

export const inputBounds = t.middleware(async ({ next, getRawInput }) => {
  const raw = await getRawInput();
  if (isValueTooDeep(raw, MAX_JSON_DEPTH))
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `input nests deeper than ${MAX_JSON_DEPTH} levels`,
    });
  const nulAt = findNul(raw);
  if (nulAt)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${nulAt.length > 0 ? nulAt.join('.') : 'input'} ${NUL_MESSAGE}`,
      cause: nulError(nulAt),
    });
  const clean = toWellFormedJson(raw);
  return next({ getRawInput: () => Promise.resolve(clean) });
});
