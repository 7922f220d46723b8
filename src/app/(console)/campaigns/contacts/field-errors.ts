// Field errors from a failed tRPC call: zod's flattened errors (bad input) or a domain error's
// details (e.g. a duplicate phone), in one shape for the form.
export type FieldErrors = Record<string, string[] | undefined>;

type ErrorLike = {
  data?: { fieldErrors?: FieldErrors; details?: { fieldErrors?: FieldErrors } | null } | null;
} | null;

export function fieldErrorsOf(error: ErrorLike): FieldErrors {
  return error?.data?.fieldErrors ?? error?.data?.details?.fieldErrors ?? {};
}
