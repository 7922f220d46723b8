// Shared by the internal API tests: the routes over real Requests, and what a tenant has stored.
import { POST as textRoute } from '../../src/app/api/v1/text/route';
import { POST as ttsRoute } from '../../src/app/api/v1/tts/route';
import { ownerQuery } from '../helpers/fixtures';

export type Post = {
  token?: string;
  contentType?: string;
  raw?: string;
};

function request(path: string, body: unknown, options: Post): Request {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Request(`http://switchboard.test${path}`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(body),
  });
}

export const postTts = (body: unknown, options: Post = {}) =>
  ttsRoute(request('/api/v1/tts', body, options));
export const postText = (body: unknown, options: Post = {}) =>
  textRoute(request('/api/v1/text', body, options));

/** Rows a request could have written for the tenant (answers, audit entries). */
export async function writtenFor(tenantId: string): Promise<{ answers: number; audit: number }> {
  const [row] = await ownerQuery<{ answers: number; audit: number }>(
    `SELECT (SELECT count(*)::int FROM answer_records WHERE tenant_id = $1) AS answers,
            (SELECT count(*)::int FROM audit_entries WHERE tenant_id = $1 AND action LIKE 'assistant.%') AS audit`,
    [tenantId],
  );
  return row!;
}
