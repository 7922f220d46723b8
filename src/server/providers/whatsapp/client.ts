import { ChannelSendError, kindForHttpStatus } from '../channel-send-error';

/** WhatsApp Cloud API client: the /{phone-number-id}/messages endpoint only. */
export interface WhatsappClientOptions {
  baseUrl: string;
  accessToken: string;
  apiVersion?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

interface Common {
  phoneNumberId: string;
  to: string;
  /** Echoed as biz_opaque_callback_data in the status callbacks: settles an in-doubt send. */
  bizOpaque?: string;
}

export function createWhatsappClient(options: WhatsappClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const version = options.apiVersion ?? 'v21.0';
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function post(
    phoneNumberId: string,
    body: Record<string, unknown>,
  ): Promise<{ messageId: string }> {
    const url = `${options.baseUrl.replace(/\/$/, '')}/${version}/${encodeURIComponent(phoneNumberId)}/messages`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          ...body,
        }),
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
    const json = (await response.json().catch(() => null)) as {
      messages?: { id?: unknown }[];
      error?: { code?: unknown; message?: unknown; error_data?: { details?: unknown } };
    } | null;
    if (!response.ok) {
      const code = json?.error?.code;
      const title =
        typeof json?.error?.message === 'string' ? json.error.message : `HTTP ${response.status}`;
      throw new ChannelSendError(
        kindForHttpStatus(response.status),
        typeof code === 'number' || typeof code === 'string' ? String(code) : null,
        title,
        response.status,
      );
    }
    const id = json?.messages?.[0]?.id;
    // Accepted but unreadable: the message may well be on its way.
    if (typeof id !== 'string')
      throw new ChannelSendError('in-doubt', null, 'no message id in the answer', response.status);
    return { messageId: id };
  }

  return {
    sendText(input: Common & { text: string; replyTo?: string }) {
      return post(input.phoneNumberId, {
        to: input.to,
        type: 'text',
        text: { body: input.text, preview_url: false },
        ...(input.replyTo ? { context: { message_id: input.replyTo } } : {}),
        ...(input.bizOpaque ? { biz_opaque_callback_data: input.bizOpaque } : {}),
      });
    },
    sendTemplate(input: Common & { name: string; language: string }) {
      return post(input.phoneNumberId, {
        to: input.to,
        type: 'template',
        template: { name: input.name, language: { code: input.language } },
        ...(input.bizOpaque ? { biz_opaque_callback_data: input.bizOpaque } : {}),
      });
    },
  };
}

export type WhatsappClient = ReturnType<typeof createWhatsappClient>;
