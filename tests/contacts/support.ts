// Shared by the contacts tests: the upload route over a real Request, and contact rows as stored.
import { POST as importRoute } from '../../src/app/api/contacts/import/route';
import { ownerQuery } from '../helpers/fixtures';

export async function upload(
  csv: string | ReadableStream<Uint8Array>,
  options: {
    token?: string;
    query?: Record<string, string>;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const url = new URL('http://switchboard.test/api/contacts/import');
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'text/csv; charset=utf-8',
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // A stream body needs duplex: 'half' (Node's fetch), as the browser's streamed upload does.
  return importRoute(
    new Request(url, { method: 'POST', headers, body: csv, duplex: 'half' } as RequestInit),
  );
}

export type ContactRow = {
  id: string;
  tenant_id: string;
  phone: string;
  name: string | null;
  email: string | null;
  tags: string[];
  consent: string;
  consent_source: string | null;
  opted_out: boolean;
  opted_out_at: Date | null;
  opt_out_source: string | null;
};

export async function contactsOf(tenantId: string): Promise<ContactRow[]> {
  return ownerQuery<ContactRow>(
    `SELECT id, tenant_id, phone, name, email, tags, consent::text AS consent, consent_source, opted_out, opted_out_at, opt_out_source FROM contacts WHERE tenant_id = $1 ORDER BY phone`,
    [tenantId],
  );
}

export async function auditOf(
  tenantId: string,
  action: string,
): Promise<{ subject: string; detail: Record<string, unknown> }[]> {
  return ownerQuery(
    `SELECT subject, detail FROM audit_entries WHERE tenant_id = $1 AND action = $2 ORDER BY created_at`,
    [tenantId, action],
  );
}

/** German mobile numbers, distinct for each n (valid in libphonenumber's metadata). */
export const mobile = (n: number) => `+49151${String(n).padStart(8, '0')}`;

/** A CSV generated row by row as a web stream (never one big string): header + n rows. */
export function generatedCsv(
  rows: number,
  row: (i: number) => string,
  header = 'phone,name,email,tags,consent',
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i === 0) controller.enqueue(encoder.encode(`${header}\n`));
      const lines: string[] = [];
      for (let n = 0; n < 1000 && i < rows; n++, i++) lines.push(row(i));
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      if (i >= rows) controller.close();
    },
  });
}
