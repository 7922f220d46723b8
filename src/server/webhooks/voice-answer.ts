// Twilio voice steps are answered in TwiML by the call flow (domain/calls/flow.ts) once the
// delivery is stored: the caller waits on the line for it, so it cannot wait for the job. Every
// other delivery keeps the provider's static acknowledgement.
import type { AckResponse, ParsedEvent, ProviderName } from '../providers/types';
import type { TwilioEvent } from '../providers/twilio/events';
import { renderVoicePlan } from '../providers/twilio/voice-twiml';
import { publicUrl } from '../providers/twilio/verify';
import { respondToVoiceStep } from '../domain/calls/flow';
import { phrase } from '../domain/calls/phrases';
import { logger } from '../obs/logger';

const TWIML = 'text/xml; charset=utf-8';

export async function voiceAnswer(
  provider: ProviderName,
  tenantId: string,
  event: ParsedEvent,
  request: { url: string; headers: Headers },
): Promise<AckResponse | null> {
  if (provider !== 'twilio') return null;
  const typed = event.typed as TwilioEvent;
  if (typed.kind !== 'voice.step') return null;
  try {
    const recorded = new URL(publicUrl(request.url, request.headers));
    for (const name of ['vt', 'va']) recorded.searchParams.delete(name);
    recorded.searchParams.set('vs', 'recorded');
    const body = await respondToVoiceStep(tenantId, typed, { recordedUrl: recorded.toString() });
    return { status: 200, contentType: TWIML, body };
  } catch (error) {
    // The delivery is stored; the caller hears an apology instead of Twilio's application error.
    logger.error({ err: error, step: typed.step.step }, 'voice step could not be answered');
    return {
      status: 200,
      contentType: TWIML,
      body: renderVoicePlan({ kind: 'hangup', language: 'en', say: phrase('en', 'unavailable') }),
    };
  }
}
