// POST /api/contacts/import — CSV upload of contacts, streamed into the importer.
//   Body: the raw CSV with `Content-Type: text/csv` (not multipart: the body streams straight into
//   the parser, no form decoding or temp file). Query: `fileName` (shown in the import history,
//   default "upload.csv") and `country` (ISO code for numbers written without +country code).
//   Auth: console session or bearer token, STAFF and above; the tenant is the caller's.
//   Rows are committed in chunks of 1 000 as they arrive (the import is listed as RUNNING with
//   its progress meanwhile). Answers 200 with the import summary (per-line errors included); 400
//   unreadable file / bad query, 401, 403, 409 another import of this tenant still running, 413
//   over 20 MiB or 200 000 rows (or 5 minutes), 415 not text/csv. A refused file is recorded as a
//   FAILED import with its reason; chunks committed before the refusal are kept, and the answer's
//   `import` says how many rows that is.
import { z } from 'zod';
import { resolvePrincipal } from '@/server/auth/resolve';
import { isAdminRole } from '@/server/domain/auth/principal';
import {
  ContactImportFailedError,
  IMPORT_LIMITS,
  ImportInProgressError,
  ImportRejectedError,
  ImportTooLargeError,
  importContactsCsv,
} from '@/server/domain/contacts';
import { countryCodeSchema } from '@/lib/schemas/phone';
import { singleLine } from '@/lib/schemas/common';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  fileName: singleLine(255).default('upload.csv'),
  country: countryCodeSchema.optional(),
});

const json = (status: number, body: unknown) => Response.json(body, { status });

export async function POST(req: Request): Promise<Response> {
  const { principal, error } = await resolvePrincipal(req.headers);
  if (!principal) return json(401, { error: error ?? 'sign in or send a bearer API token' });
  if (principal.role !== 'STAFF' && !isAdminRole(principal.role))
    return json(403, { error: 'importing contacts needs the STAFF, ADMIN or OWNER role' });

  const mediaType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'text/csv')
    return json(415, { error: 'send the file as the request body with Content-Type: text/csv' });
  const query = querySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success)
    return json(400, {
      error: 'invalid query parameters',
      fieldErrors: z.flattenError(query.error).fieldErrors,
    });
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > IMPORT_LIMITS.maxBytes)
    return json(413, {
      error: `the file is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MiB; split it into smaller files`,
    });
  if (!req.body)
    return json(400, { error: 'the request has no body: send the CSV file as the body' });

  const { tenantId, userId } = principal;
  const { fileName, country } = query.data;
  const body = req.body;
  try {
    // No transaction here: the importer commits chunk by chunk.
    const summary = await importContactsCsv({
      tenantId,
      stream: body,
      fileName,
      defaultCountry: country,
      createdBy: userId,
    });
    return json(200, summary);
  } catch (err) {
    if (err instanceof ImportInProgressError) return json(409, { error: err.message });
    if (err instanceof ContactImportFailedError)
      return json(err.refusal instanceof ImportTooLargeError ? 413 : 400, {
        error: err.message,
        import: err.record,
      });
    // Refused, but the FAILED record could not be written.
    if (err instanceof ImportTooLargeError || err instanceof ImportRejectedError)
      return json(err instanceof ImportTooLargeError ? 413 : 400, { error: err.message });
    throw err;
  }
}
