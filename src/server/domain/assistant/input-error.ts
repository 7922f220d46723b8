// A request whose fields do not hold: the API answers 422 with one message per field (zod's
// flattened field errors, the same shape the tRPC error formatter gives the console).
import { z } from 'zod';
import { ValidationError } from '../errors';

export type FieldErrors = Record<string, string[]>;

export class InvalidInputError extends ValidationError {
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly extra: Record<string, unknown> = {},
  ) {
    const summary = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    super(`invalid request: ${summary || 'the body must be a JSON object'}`, { fieldErrors });
  }
}

/** The parsed body, or InvalidInputError naming each bad field. */
export function parseFields<S extends z.ZodType>(
  schema: S,
  body: unknown,
  extra?: (fieldErrors: FieldErrors) => Record<string, unknown>,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const flat = z.flattenError(parsed.error);
  const fieldErrors: FieldErrors = { ...(flat.fieldErrors as FieldErrors) };
  if (flat.formErrors.length > 0) fieldErrors.body = flat.formErrors;
  throw new InvalidInputError(fieldErrors, extra?.(fieldErrors) ?? {});
}
