// POST /api/v1/tts — text to speech, shaped like OpenAI's POST /v1/audio/speech.
//   Body (JSON): { input ≤ 4 000 characters, voice (alloy, ash, ballad, coral, echo, fable, nova,
//   onyx, sage, shimmer, verse), model (tts-1, tts-1-hd, gpt-4o-mini-tts), response_format
//   (wav | pcm, default wav), speed 0.25–4.0 (default 1), language? en | ru | uk | sk (default:
//   what the text's letters show) }. Bearer API token. 200 the audio bytes: audio/wav, or
//   audio/pcm (16-bit little-endian mono at X-Sample-Rate Hz); X-Audio-Seconds and X-TTS-Engine
//   say what was made. 401, 415, 400 unreadable JSON, 422 with fieldErrors (an unsupported format
//   lists supported_formats), 429 with Retry-After, 503 the engine is busy or failing.
import { apiV1Route } from '@/server/trpc/api-v1-route';
import { parseFields, speakForTenant } from '@/server/domain/assistant';
import { speechFormats, ttsInput } from '@/server/domain/speech';

export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return apiV1Route(req, 'making speech', async (principal, body) => {
    const request = parseFields(ttsInput, body, (errors) =>
      errors.response_format ? { supported_formats: speechFormats } : {},
    );
    const audio = await speakForTenant({
      tenantId: principal.tenantId,
      request,
      signal: req.signal,
    });
    return new Response(Buffer.from(audio.audio), {
      status: 200,
      headers: {
        'content-type': audio.contentType,
        'x-sample-rate': String(audio.sampleRate),
        'x-audio-seconds': audio.seconds.toFixed(3),
        'x-tts-engine': audio.engine,
      },
    });
  });
}
