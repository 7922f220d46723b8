// The OpenAI simulator's HTTP door (src/app/api/simulators/openai/v1/…): POST /chat/completions
// and GET /models in OpenAI's wire format and error shape, Bearer-authenticated with
// SIM_OPENAI_API_KEY, so the outbound client is exercised over real HTTP. PUT/GET/DELETE
// /api/simulators/openai/behaviour sets how it behaves (behaviour.ts) from dev tools or curl.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { getEnv } from '../../env';
import { chatCompletionRequestSchema, type ChatCompletion } from '../../providers/openai/wire';
import {
  clearOpenAiBehaviours,
  listOpenAiBehaviours,
  openAiBehaviourSchema,
  openAiBehaviourScopeSchema,
  setOpenAiBehaviour,
  takeOpenAiBehaviour,
  type OpenAiBehaviourScope,
} from './behaviour';
import { answerFromPrompt } from './model';
import { gate, openAiError, readBody, sleep } from './request';

/** The model the simulator reports besides the configured OPENAI_MODEL (it answers any name). */
export const SIMULATOR_MODEL = 'sim-grounded-1';
const HUNG_MS = 120_000;

/** POST /v1/chat/completions (non-streaming). */
export async function handleChatCompletions(request: Request): Promise<Response> {
  const early = gate(request);
  if (early) return early;
  const read = await readBody(request, chatCompletionRequestSchema);
  if (read instanceof Response) return read;
  const { json, body } = read;
  if ((json as { stream?: unknown }).stream === true)
    return openAiError(
      400,
      'the simulator does not stream',
      'invalid_request_error',
      'unsupported_value',
    );
  const behaviour = await takeOpenAiBehaviour(body.user);
  if (behaviour.mode === 'fail')
    return behaviour.status === 429
      ? openAiError(
          429,
          'Rate limit reached for requests (simulated).',
          'requests',
          'rate_limit_exceeded',
          { 'retry-after': '0' },
        )
      : openAiError(
          behaviour.status,
          behaviour.status === 503
            ? 'The server is overloaded or not ready yet (simulated).'
            : 'The server had an error while processing your request (simulated).',
          'server_error',
          null,
          behaviour.status === 503 ? { 'retry-after': '0' } : undefined,
        );
  if (behaviour.mode === 'slow') await sleep(behaviour.delayMs, request.signal);
  if (behaviour.mode === 'timeout') {
    await sleep(HUNG_MS, request.signal);
    return openAiError(504, 'upstream timed out (simulated)', 'server_error', null);
  }
  const reply = answerFromPrompt(body.messages);
  const content =
    behaviour.mode === 'malformed' && behaviour.part === 'content'
      ? `Sure! ${reply.answer || 'I am not sure.'}` // prose, not the JSON the prompt asked for
      : JSON.stringify(reply);
  const promptChars = body.messages.reduce((n, m) => n + m.content.length, 0);
  const completion: ChatCompletion = {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: Math.ceil(promptChars / 4),
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: Math.ceil(promptChars / 4) + Math.ceil(content.length / 4),
    },
    system_fingerprint: 'fp_simulator',
  };
  if (behaviour.mode === 'malformed' && behaviour.part === 'body')
    return new Response(JSON.stringify(completion).slice(0, 40), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  return Response.json(completion);
}

/** GET /v1/models: the simulator's model and the configured one. */
export function handleModels(request: Request): Response {
  const early = gate(request);
  if (early) return early;
  const ids = [...new Set([SIMULATOR_MODEL, getEnv().OPENAI_MODEL])];
  return Response.json({
    object: 'list',
    data: ids.map((id) => ({
      id,
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'switchboard-simulator',
    })),
  });
}

const behaviourRequestSchema = z.object({
  scope: openAiBehaviourScopeSchema.default('*'),
  behaviour: openAiBehaviourSchema,
  times: z.number().int().min(1).max(1000).optional(),
});

/** PUT /api/simulators/openai/behaviour {scope?, behaviour: {mode, …}, times?}; GET lists; DELETE [?scope=] clears. */
export async function handleBehaviour(request: Request): Promise<Response> {
  const early = gate(request);
  if (early) return early;
  if (request.method === 'GET') return Response.json({ behaviours: await listOpenAiBehaviours() });
  if (request.method === 'DELETE') {
    const scope = new URL(request.url).searchParams.get('scope');
    const checked = scope === null ? undefined : openAiBehaviourScopeSchema.safeParse(scope);
    if (checked && !checked.success)
      return openAiError(
        400,
        "scope: '*' or 'user:<id>'",
        'invalid_request_error',
        'invalid_value',
      );
    await clearOpenAiBehaviours(checked?.data as OpenAiBehaviourScope | undefined);
    return new Response(null, { status: 204 });
  }
  let json: unknown;
  try {
    json = JSON.parse(await request.text()) as unknown;
  } catch {
    return openAiError(400, 'the body is not JSON', 'invalid_request_error', null);
  }
  const parsed = behaviourRequestSchema.safeParse(json);
  if (!parsed.success)
    return openAiError(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      'invalid_request_error',
      'invalid_value',
    );
  const { scope, behaviour, times } = parsed.data;
  await setOpenAiBehaviour(scope as OpenAiBehaviourScope, behaviour, { times });
  return Response.json({ scope, behaviour, remaining: times ?? null });
}
