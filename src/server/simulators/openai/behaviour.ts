// How the OpenAI simulator can be told to behave, for every request ('*') or for one `user` (the
// answerer sends the tenant id as `user`, so 'user:<tenant id>' scopes a behaviour to one tenant;
// it wins over '*'). Optionally only for the next `times` requests (then it is spent: "fail 503
// once" proves a retry). Kept in Postgres so tests, the console and the web process serving the
// simulator read the same setting.
//   normal            answer from the articles in the prompt
//   slow   delayMs    the same answer, delayMs later
//   timeout           never answer in time (held 120 s, as a hung upstream)
//   fail   status     500, 503 (with Retry-After: 0) or 429 (rate limited) in OpenAI's error shape
//   malformed part    'body': a 200 whose JSON is cut off; 'content': a well-formed completion
//                     whose message is not the JSON answer the prompt asked for
import { z } from 'zod';
import { getPool } from '../../db/client';

export const openAiBehaviourSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('normal') }),
  z.object({ mode: z.literal('slow'), delayMs: z.number().int().min(0).max(120_000) }),
  z.object({ mode: z.literal('timeout') }),
  z.object({
    mode: z.literal('fail'),
    status: z.union([z.literal(500), z.literal(503), z.literal(429)]),
  }),
  z.object({ mode: z.literal('malformed'), part: z.enum(['body', 'content']).default('body') }),
]);
export type OpenAiBehaviour = z.infer<typeof openAiBehaviourSchema>;

export const openAiBehaviourScopeSchema = z.union([
  z.literal('*'),
  z.string().regex(/^user:.{1,100}$/, "'*' or 'user:<id>'"),
]);
export type OpenAiBehaviourScope = '*' | `user:${string}`;

/** Sets a behaviour; `times` limits it to the next that many requests in its scope. */
export async function setOpenAiBehaviour(
  scope: OpenAiBehaviourScope,
  behaviour: z.input<typeof openAiBehaviourSchema>,
  options: { times?: number } = {},
): Promise<void> {
  const checkedScope = openAiBehaviourScopeSchema.parse(scope);
  const settings = openAiBehaviourSchema.parse(behaviour);
  const times =
    options.times === undefined ? null : z.number().int().min(1).max(1000).parse(options.times);
  await getPool().query(
    `INSERT INTO simulator_openai_behaviours (scope, settings, remaining) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (scope) DO UPDATE SET settings = EXCLUDED.settings, remaining = EXCLUDED.remaining, updated_at = now()`,
    [checkedScope, JSON.stringify(settings), times],
  );
}

/** Clears one scope, or every behaviour (back to normal). */
export async function clearOpenAiBehaviours(scope?: OpenAiBehaviourScope): Promise<void> {
  if (scope)
    await getPool().query('DELETE FROM simulator_openai_behaviours WHERE scope = $1', [scope]);
  else await getPool().query('DELETE FROM simulator_openai_behaviours');
}

export async function listOpenAiBehaviours(): Promise<
  { scope: string; behaviour: OpenAiBehaviour; remaining: number | null }[]
> {
  const { rows } = await getPool().query<{
    scope: string;
    settings: unknown;
    remaining: number | null;
  }>('SELECT scope, settings, remaining FROM simulator_openai_behaviours ORDER BY scope');
  return rows.map((r) => ({
    scope: r.scope,
    behaviour: openAiBehaviourSchema.parse(r.settings),
    remaining: r.remaining,
  }));
}

/** The behaviour for one request (its `user`, if any), spending one of a limited behaviour's uses. */
export async function takeOpenAiBehaviour(user: string | undefined): Promise<OpenAiBehaviour> {
  const scopes = user ? [`user:${user.slice(0, 100)}`, '*'] : ['*'];
  // The most specific live scope; a limited one is spent atomically (two concurrent requests
  // cannot both take a "fail once").
  const { rows } = await getPool().query<{ settings: unknown }>(
    `WITH pick AS (
       SELECT scope FROM simulator_openai_behaviours
       WHERE scope = ANY($1::text[]) AND (remaining IS NULL OR remaining > 0)
       ORDER BY array_position($1::text[], scope) LIMIT 1
       FOR UPDATE
     )
     UPDATE simulator_openai_behaviours b
        SET remaining = CASE WHEN b.remaining IS NULL THEN NULL ELSE b.remaining - 1 END
       FROM pick WHERE b.scope = pick.scope AND (b.remaining IS NULL OR b.remaining > 0)
     RETURNING b.settings`,
    [scopes],
  );
  const parsed = openAiBehaviourSchema.safeParse(rows[0]?.settings);
  return parsed.success ? parsed.data : { mode: 'normal' };
}
