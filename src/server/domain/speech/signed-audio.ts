// What GET /api/v1/tts/audio/<token> serves: the link's text spoken as WAV, once its MAC and
// expiry hold. The link names the tenant, so logs and metrics of the fetch say whose call it was.
import { synthesizeSpeech } from './synthesize';
import { verifySpeechToken } from './signed-url';
import type { SpeechAudio } from './types';

export type SignedAudio =
  | { ok: true; audio: SpeechAudio; tenantId: string; expiresAt: Date }
  | { ok: false; status: 403 | 410; reason: string };

export async function audioForSpeechToken(
  token: string,
  options: { now?: Date; signal?: AbortSignal } = {},
): Promise<SignedAudio> {
  const check = verifySpeechToken(token, options.now);
  if (!check.ok) return check;
  const { claim } = check;
  const audio = await synthesizeSpeech({
    text: claim.text,
    language: claim.language,
    voice: 'alloy',
    model: 'tts-1',
    format: 'wav',
    speed: 1,
    signal: options.signal,
  });
  return { ok: true, audio, tenantId: claim.tenantId, expiresAt: claim.expiresAt };
}
