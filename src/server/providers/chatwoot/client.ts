import { ChannelSendError, kindForHttpStatus } from '../channel-send-error';

/** Chatwoot Application API client: the few calls a conversation reply needs. */
export interface ChatwootClientOptions {
  baseUrl: string;
  apiAccessToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createChatwootClient(options: ChatwootClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseUrl.replace(/\/$/, '');

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: { api_access_token: options.apiAccessToken, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // A refused connection never carried the body; anything else (timeout, reset) may have.
      const cause = (error as { cause?: { code?: string } }).cause;
      if (cause?.code === 'ECONNREFUSED')
        throw new ChannelSendError('retryable', 'ECONNREFUSED', 'connection refused');
      throw new ChannelSendError(
        'in-doubt',
        null,
        error instanceof Error ? error.message : 'request failed',
      );
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message =
        (json as { message?: unknown; error?: unknown } | null)?.message ??
        (json as { error?: unknown } | null)?.error;
      throw new ChannelSendError(
        kindForHttpStatus(response.status),
        String(response.status),
        typeof message === 'string' ? message : `HTTP ${response.status}`,
        response.status,
      );
    }
    return json;
  }

  const conversation = (a: number, c: number) => `/api/v1/accounts/${a}/conversations/${c}`;

  return {
    async sendMessage(input: {
      accountId: number;
      conversationId: number;
      content: string;
      private?: boolean;
      echoId: string;
    }) {
      const json = (await call(
        'POST',
        `${conversation(input.accountId, input.conversationId)}/messages`,
        {
          content: input.content,
          message_type: 'outgoing',
          private: input.private ?? false,
          content_attributes: { echo_id: input.echoId },
        },
      )) as { id?: unknown } | null;
      if (typeof json?.id !== 'number')
        throw new ChannelSendError('in-doubt', null, 'no message id in the answer');
      return { messageId: json.id };
    },
    async listMessages(input: { accountId: number; conversationId: number }) {
      const json = (await call(
        'GET',
        `${conversation(input.accountId, input.conversationId)}/messages`,
      )) as {
        payload?: {
          id: number;
          content: string | null;
          content_attributes?: { echo_id?: string };
        }[];
      } | null;
      return (json?.payload ?? []).map((m) => ({
        id: m.id,
        content: m.content,
        echoId: m.content_attributes?.echo_id ?? null,
      }));
    },
    async toggleStatus(input: {
      accountId: number;
      conversationId: number;
      status: 'open' | 'resolved' | 'pending';
    }) {
      await call('POST', `${conversation(input.accountId, input.conversationId)}/toggle_status`, {
        status: input.status,
      });
    },
    async deleteContact(input: { accountId: number; contactId: number }) {
      await call('DELETE', `/api/v1/accounts/${input.accountId}/contacts/${input.contactId}`);
    },
  };
}

export type ChatwootClient = ReturnType<typeof createChatwootClient>;
