// The simulator's rules, pure and deterministic so tests and drills can aim at them:
// - To must be E.164; North American numbers on 555-0100…0199 (reserved for fiction, e.g.
//   +12125550123: valid to libphonenumber, so a contact can hold one and a campaign reach the
//   send), the +1555 area code and SIM_TWILIO_INVALID_NUMBERS → 400, 21211;
// - a body whose sha256 falls below SIM_TWILIO_FAIL_RATE (as a fraction of 2^32) → 503, 20503
//   (transient), every time: retrying the same body fails again, so tests can rely on it;
// - accepted messages end 'delivered', except numbers ending in 13 → 'undelivered', 30003.
import { createHash } from 'node:crypto';
import { getEnv } from '../../env';
import { countSmsSegments } from '../../../lib/sms/segments';
import { twilioError, type SimulatorAnswer } from './answers';

const E164 = /^\+[1-9]\d{6,14}$/;
/** NANP's fictional lines, +1 NXX 555-01XX: the simulator refuses them as invalid numbers. */
export const FICTIONAL_NANP = /^\+1[2-9]\d{2}55501\d{2}$/;

export type SimulatorDecision =
  | { ok: false; answer: SimulatorAnswer }
  | {
      ok: true;
      numSegments: number;
      finalStatus: 'delivered' | 'undelivered';
      errorCode: number | null;
    };

/** What Twilio would answer to this request. */
export function decide(p: {
  to: string | null;
  body: string | null;
  from: string | null;
  messagingServiceSid: string | null;
}): SimulatorDecision {
  const env = getEnv();
  if (!p.to)
    return { ok: false, answer: twilioError(400, 21604, "A 'To' phone number is required.") };
  if (!p.from && !p.messagingServiceSid)
    return { ok: false, answer: twilioError(400, 21603, "A 'From' phone number is required.") };
  if (!p.body) return { ok: false, answer: twilioError(400, 21602, 'Message body is required.') };
  if (p.body.length > 1600)
    return {
      ok: false,
      answer: twilioError(
        400,
        21617,
        'The concatenated message body exceeds the 1600 character limit.',
      ),
    };
  const invalidList = env.SIM_TWILIO_INVALID_NUMBERS.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const refused = FICTIONAL_NANP.test(p.to) || p.to.startsWith('+1555');
  if (!E164.test(p.to) || refused || invalidList.includes(p.to)) {
    return { ok: false, answer: twilioError(400, 21211, `Invalid 'To' Phone Number: ${p.to}`) };
  }
  if (env.SIM_TWILIO_FAIL_RATE > 0 && bodyFraction(p.body) < env.SIM_TWILIO_FAIL_RATE) {
    return { ok: false, answer: twilioError(503, 20503, 'Service Unavailable (simulated)') };
  }
  const failing = p.to.endsWith('13');
  return {
    ok: true,
    numSegments: Math.max(1, countSmsSegments(p.body).segments),
    finalStatus: failing ? 'undelivered' : 'delivered',
    errorCode: failing ? 30003 : null,
  };
}

/** Where a body falls in [0, 1): its sha256's first 32 bits. */
export function bodyFraction(body: string): number {
  return createHash('sha256').update(body).digest().readUInt32BE(0) / 2 ** 32;
}
