/**
 * Why an outbound channel message (WhatsApp, Chatwoot) failed, in the terms the reply
 * settle step needs: whether it may retry, must give up, or must find out first.
 */
export type ChannelSendFailureKind =
  /** The provider refused it (4xx); resending the same request cannot help. */
  | 'rejected'
  /** The provider did not take it (5xx, refused connection); a resend is safe. */
  | 'retryable'
  /** The request may have reached the provider (timeout or dropped connection after the
   * body was written): resending blindly could deliver it twice. */
  | 'in-doubt';

export class ChannelSendError extends Error {
  override name = 'ChannelSendError';
  constructor(
    readonly kind: ChannelSendFailureKind,
    /** The provider's error code when it sent one, else null. */
    readonly code: string | null,
    message: string,
    /** null: no HTTP answer. */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

/** The failure kind an HTTP answer from the provider means. */
export function kindForHttpStatus(status: number): ChannelSendFailureKind {
  return status >= 500 || status === 429 ? 'retryable' : 'rejected';
}
