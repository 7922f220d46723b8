// POST /api/contacts/import — CSV upload of contacts, streamed into the importer.
//   Body: the raw CSV with `Content-Type: text/csv` (not multipart: the body streams straight into
//   the parser, no form decoding or temp file). Query: `fileName` (shown in the import history,
//   default "upload.csv") and `country` (ISO code for numbers written without +country code).
//   Auth, role and rate limit as a tRPC call (trpc/route-guard.ts): console session or bearer
//   token, STAFF and above, the tenant is the caller's, one call against API_RATE_LIMIT_PER_MINUTE.
//   Rows are committed in chunks of 1 000 as they arrive (the import is listed as RUNNING with
//   its progress meanwhile). Answers 200 with the import summary (per-line errors included); 400
//   unreadable file / bad query, 401, 403, 429 over the API rate limit (with Retry-After), 409
//   another import of this tenant still running, 413 over 20 MiB or 200 000 rows (or 5 minutes),
//   415 not text/csv. A refused file is recorded as a FAILED import with its reason; chunks
//   committed before the refusal are kept, and the answer's `import` says how many rows that is.
import { z } from 'zod';
import {
  ContactImportFailedError,
  IMPORT_LIMITS,
  importContactsCsv,
} from '@/server/domain/contacts';
import { actorOf } from '@/server/domain/audit/actor';
import { guardRoute } from '@/server/trpc/route-guard';
import { countryCodeSchema } from '@/lib/schemas/phone';
import { singleLine } from '@/lib/schemas/common';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  fileName: singleLine(255).default('upload.csv'),
  country: countryCodeSchema.optional(),
});

const json = (status: number, body: unknown) => Response.json(body, { status });

export function POST(req: Request): Promise<Response> {
  return guardRoute(
    req,
    {
      tier: 'staff',
      action: 'importing contacts',
      // A refused file was recorded FAILED: the answer says what was kept.
      extra: (error) => (error instanceof ContactImportFailedError ? { import: error.record } : {}),
    },
    async ({ principal }) => {
      const mediaType = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'text/csv')
        return json(415, {
          error: 'send the file as the request body with Content-Type: text/csv',
        });
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

      const { fileName, country } = query.data;
      // No transaction here: the importer commits chunk by chunk.
      const summary = await importContactsCsv({
        actor: actorOf(principal),
        stream: req.body,
        fileName,
        defaultCountry: country,
      });
      return json(200, summary);
    },
  );
}
