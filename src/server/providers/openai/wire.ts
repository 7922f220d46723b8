// The chat-completions wire format (POST <base>/chat/completions, GET <base>/models) as OpenAI
// and the compatible servers (Azure OpenAI, vLLM, Ollama, LiteLLM…) speak it: the request we send,
// and the parts of the answers we read, validated so an odd 2xx is caught here, not downstream.
// Unknown fields are allowed through (the API adds fields over time).
import { z } from 'zod';

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** What we send (and what the simulator accepts). */
export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1).max(200),
  messages: z.array(chatMessageSchema).min(1).max(100),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(100_000).optional(),
  max_completion_tokens: z.number().int().min(1).max(100_000).optional(),
  response_format: z
    .object({ type: z.enum(['text', 'json_object', 'json_schema']) })
    .loose()
    .optional(),
  /** A stable end-user id (we send the tenant id): OpenAI's abuse monitoring; the simulator scopes behaviours by it. */
  user: z.string().max(256).optional(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z
      .array(
        z
          .object({
            index: z.number().int(),
            message: z
              .object({
                role: z.literal('assistant'),
                content: z.string().nullable(),
                refusal: z.string().nullable().optional(),
              })
              .loose(),
            finish_reason: z.string().nullable(),
          })
          .loose(),
      )
      .min(1),
    usage: z
      .object({
        prompt_tokens: z.number().int(),
        completion_tokens: z.number().int(),
        total_tokens: z.number().int(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

export const modelListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(z.object({ id: z.string(), object: z.literal('model') }).loose()),
  })
  .loose();
export type ModelList = z.infer<typeof modelListSchema>;

/** OpenAI's error body: `{error: {message, type, param, code}}`. */
export const openAiErrorBodySchema = z.object({
  error: z
    .object({
      message: z.string(),
      type: z.string().nullable().optional(),
      code: z.string().nullable().optional(),
    })
    .loose(),
});
