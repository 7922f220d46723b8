// Outbound SMS through Twilio Messaging, behind one interface (SmsSender). The real client is
// messaging-twilio.ts; the local simulator implements the same interface, and which of them runs
// (real Twilio when its credentials are set) is decided in src/server/simulators/clients.ts.
//
// Exactly-once is the caller's job, because Twilio's Messages API has no idempotency key: two
// identical POSTs are two SMS. So a caller (the campaign send) must
//  1. claim the recipient row first (a committed conditional update PENDING → SENDING), so no
//     second worker sends it;
//  2. pass its own idempotencyKey: it travels inside the StatusCallback URL (?sbk=…), so every
//     status callback of the message carries it back even if the caller died before storing the
//     SID — the callback then finds the recipient by our key and records the SID;
//  3. store the returned SID immediately (unique column);
//  4. on a failure with `ambiguous: true` (a timeout or a reset after the request left), NOT
//     resend blindly: Twilio may have accepted it. Wait for a callback carrying the key (or for
//     the reconciler) before deciding it was never sent.
import { z } from 'zod';
import type { FailureKind } from './messaging-errors';

export const SmsSendInputSchema = z.object({
  /** E.164, e.g. +4915112345678 */
  to: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, e.g. +4915112345678'),
  body: z.string().min(1).max(1600),
  from: z.string().min(1).max(64).optional(),
  messagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  /** Absolute URL Twilio posts the message's status transitions to. */
  statusCallback: z.url({ protocol: /^https?$/ }),
  /** The caller's own key for this one message (e.g. the campaign recipient's id). */
  idempotencyKey: z.string().min(1).max(200),
});
export type SmsSendInput = z.input<typeof SmsSendInputSchema>;

/**
 * What every sender does first: a bad `to` is the permanent failure Twilio itself would answer
 * (21211), so the caller records it like one; any other bad field is our bug and throws.
 */
export function parseSmsSendInput(
  raw: SmsSendInput,
): { ok: true; input: z.output<typeof SmsSendInputSchema> } | { ok: false; result: SendResult } {
  const parsed = SmsSendInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  if (!parsed.error.issues.some((i) => i.path[0] === 'to'))
    throw new Error(`invalid SMS send input: ${parsed.error.message}`);
  return {
    ok: false,
    result: {
      ok: false,
      kind: 'permanent',
      code: 21211,
      message: `Invalid 'To' Phone Number: ${String(raw.to)}`,
      httpStatus: null,
      ambiguous: false,
    },
  };
}

export type SmsAcceptedStatus = 'queued' | 'accepted' | 'sending' | 'sent';

export type SendResult =
  | { ok: true; sid: string; status: SmsAcceptedStatus; numSegments: number }
  | {
      ok: false;
      kind: FailureKind;
      /** Twilio's error code, when it answered with one. */
      code: number | null;
      message: string;
      /** null when no HTTP answer arrived (network error, timeout). */
      httpStatus: number | null;
      /** The request may have reached Twilio and created a message (see the header). */
      ambiguous: boolean;
    };

/** A message the provider holds, as its Messages list shows it. */
export type ProviderMessage = {
  sid: string;
  status: string;
  body: string | null;
  dateCreated: Date;
};

export interface SmsSender {
  readonly mode: 'twilio' | 'simulator-http' | 'simulator-inprocess';
  send(input: SmsSendInput): Promise<SendResult>;
  /**
   * The provider's newest messages to `to` (its Messages list, newest first): how a caller that
   * died between sending and recording the SID finds out whether the message went out.
   */
  recentMessagesTo(to: string, limit: number): Promise<ProviderMessage[]>;
}

/** The message an in-doubt send created, if the provider has it: same number, same text, created since the claim. */
export function findSentMessage(
  messages: ProviderMessage[],
  q: { body: string; since: Date },
): ProviderMessage | null {
  // Provider clocks and ours differ a little; a minute of slack cannot reach a previous claim.
  const from = q.since.getTime() - 60_000;
  return messages.find((m) => m.body === q.body && m.dateCreated.getTime() >= from) ?? null;
}

/** The status callback URL with our key attached; Twilio calls back exactly this URL. */
export function callbackWithKey(statusCallback: string, idempotencyKey: string): string {
  const url = new URL(statusCallback);
  url.searchParams.set('sbk', idempotencyKey);
  return url.toString();
}

/** Our key, read back from a callback URL built by callbackWithKey (null when absent). */
export function keyFromCallbackUrl(url: string): string | null {
  return new URL(url).searchParams.get('sbk');
}
