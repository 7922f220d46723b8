// The OpenAI simulator's speech endpoint (POST /api/simulators/openai/v1/audio/speech): OpenAI's
// request checks, error shape and behaviours (behaviour.ts: slow, fail, timeout, malformed), and
// audio as OpenAI sends it: 24 kHz 16-bit mono, WAV with the unknown-length sizes of a stream, or
// raw pcm. The sound is a stand-in (a tone per word, as long as speech of that text would be),
// not a voice: the simulator proves the wire, not the speaking.
import { speechApiRequestSchema } from '../../providers/openai/speech-client';
import { takeOpenAiBehaviour } from './behaviour';
import { gate, openAiError, readBody, sleep } from './request';

const SAMPLE_RATE = 24_000;
const HUNG_MS = 120_000;
/** Seconds per character at speed 1 (about 160 words a minute). */
const SECONDS_PER_CHARACTER = 0.065;

/** A 220 Hz tone for each word with a short gap after it, scaled to the requested speed. */
function toneSamples(text: string, speed: number): Int16Array {
  const words = text.split(/\s+/).filter(Boolean);
  const parts = words.map((word) =>
    Math.max(0.08, ((word.length + 1) * SECONDS_PER_CHARACTER) / speed),
  );
  const total = Math.ceil(parts.reduce((n, s) => n + s, 0) * SAMPLE_RATE);
  const samples = new Int16Array(total);
  let at = 0;
  for (const seconds of parts) {
    const length = Math.floor(seconds * SAMPLE_RATE);
    const voiced = Math.floor(length * 0.8);
    for (let i = 0; i < voiced && at + i < total; i++)
      samples[at + i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE));
    at += length;
  }
  return samples;
}

function streamedWav(pcm: Uint8Array): Uint8Array {
  const out = new Uint8Array(44 + pcm.byteLength);
  const view = new DataView(out.buffer);
  out.set(Buffer.from('RIFF'), 0);
  view.setUint32(4, 0xffffffff, true); // as a stream: the length is not known up front
  out.set(Buffer.from('WAVEfmt '), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  out.set(Buffer.from('data'), 36);
  view.setUint32(40, 0xffffffff, true);
  out.set(pcm, 44);
  return out;
}

/** POST /v1/audio/speech. */
export async function handleSpeech(request: Request): Promise<Response> {
  const early = gate(request);
  if (early) return early;
  const read = await readBody(request, speechApiRequestSchema);
  if (read instanceof Response) return read;
  const { body } = read;
  if (body.response_format !== 'wav' && body.response_format !== 'pcm')
    return openAiError(
      400,
      `the simulator makes wav and pcm, not ${body.response_format}`,
      'invalid_request_error',
      'unsupported_value',
    );
  const behaviour = await takeOpenAiBehaviour(undefined);
  if (behaviour.mode === 'fail')
    return openAiError(
      behaviour.status,
      `simulated ${behaviour.status}`,
      behaviour.status === 429 ? 'requests' : 'server_error',
      null,
    );
  if (behaviour.mode === 'slow') await sleep(behaviour.delayMs, request.signal);
  if (behaviour.mode === 'timeout') {
    await sleep(HUNG_MS, request.signal);
    return openAiError(504, 'upstream timed out (simulated)', 'server_error', null);
  }
  if (behaviour.mode === 'malformed') return Response.json({ audio: 'not here' }, { status: 200 });
  const samples = toneSamples(body.input, body.speed);
  const pcm = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const audio = body.response_format === 'wav' ? streamedWav(pcm) : pcm;
  return new Response(Buffer.from(audio), {
    status: 200,
    headers: { 'content-type': body.response_format === 'wav' ? 'audio/wav' : 'audio/pcm' },
  });
}
