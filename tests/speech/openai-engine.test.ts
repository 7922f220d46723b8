// OpenAI's speech API as the engine, against the local simulator over real HTTP: with
// OPENAI_API_KEY set the API and the console speak through it (24 kHz from the file's own header,
// the streamed WAV rewritten with its real length); a failing or hung API is retried once and
// then eSpeak NG speaks instead, so a caller still hears the text.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeSpeech, type SpeechFormat } from '../../src/server/domain/speech';
import { resetEnvForTests } from '../../src/server/env';
import { getMetrics } from '../../src/server/obs/metrics';
import {
  clearOpenAiBehaviours,
  setOpenAiBehaviour,
} from '../../src/server/simulators/openai/behaviour';
import { startOpenAiSimulator, type OpenAiSimulator } from '../helpers/openai-simulator';
import { createTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { postTts } from './support';
import { expectSpokenWav } from './wav-check';

let sim: OpenAiSimulator;
beforeAll(async () => {
  // Each OpenAI attempt gets half (3 s): the hung API is given up on in 6 s; eSpeak NG's thread
  // has the whole 6 s even on a loaded machine.
  process.env.TTS_TIMEOUT_MS = '6000';
  sim = await startOpenAiSimulator();
});
afterAll(async () => {
  await sim.close();
  delete process.env.TTS_TIMEOUT_MS;
  resetEnvForTests();
});
afterEach(() => clearOpenAiBehaviours());

const speak = (format: SpeechFormat = 'wav', speed = 1) =>
  synthesizeSpeech({
    text: 'Your parcel arrives tomorrow morning.',
    language: 'en',
    voice: 'nova',
    model: 'tts-1',
    format,
    speed,
  });

const requestsTo = async (outcome: string) =>
  (await getMetrics().registry.getSingleMetric('provider_requests_total')?.get())?.values.find(
    (v) => v.labels.provider === 'openai' && v.labels.outcome === outcome,
  )?.value ?? 0;

describe('OpenAI speech engine ↔ simulator', () => {
  it('speaks through the API: a WAV with its real length at the API’s 24 kHz', async () => {
    const clip = await speak('wav');
    expect(clip.engine).toBe('openai');
    const wav = expectSpokenWav(clip.audio);
    expect(wav.sampleRate).toBe(24_000);
    // The simulator streams sizes 0xFFFFFFFF; ours states the real length.
    const view = new DataView(clip.audio.buffer, clip.audio.byteOffset);
    expect(view.getUint32(40, true)).toBe(clip.audio.byteLength - 44);
    expect(clip.seconds).toBeCloseTo(wav.seconds, 6);
  });

  it('pcm is the samples, and speed 2.0 halves the duration', async () => {
    const [normal, fast] = await Promise.all([speak('pcm', 1), speak('pcm', 2)]);
    expect(normal.contentType).toBe('audio/pcm');
    expect(normal.audio.byteLength).toBe(Math.round(normal.seconds * 24_000 * 2));
    expect(fast.seconds / normal.seconds).toBeGreaterThan(0.4);
    expect(fast.seconds / normal.seconds).toBeLessThan(0.6);
  });

  it('a 503 once is retried and the API still speaks', async () => {
    await setOpenAiBehaviour('*', { mode: 'fail', status: 503 }, { times: 1 });
    const before = await requestsTo('transient');
    const clip = await speak();
    expect(clip.engine).toBe('openai');
    expect((await requestsTo('transient')) - before).toBe(1);
  });

  it('a failing, hung or malformed API falls back to eSpeak NG', async () => {
    for (const behaviour of [
      { mode: 'fail', status: 500 },
      { mode: 'timeout' },
      { mode: 'malformed', part: 'body' },
    ] as const) {
      await setOpenAiBehaviour('*', behaviour);
      const clip = await speak();
      expect(clip.engine, behaviour.mode).toBe('espeak');
      expectSpokenWav(clip.audio);
      await clearOpenAiBehaviours();
    }
  });

  it('POST /api/v1/tts speaks through the configured engine', async () => {
    const tenant = await createTenant('tts-openai');
    const res = await postTts(
      { input: 'Hello from the API.', voice: 'alloy', model: 'gpt-4o-mini-tts' },
      { token: await bearerFor(tenant.owner) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-tts-engine')).toBe('openai');
    expectSpokenWav(new Uint8Array(await res.arrayBuffer()));
  });

  it('the simulator speaks the wire format: bearer auth, 400 on a bad body or format', async () => {
    const post = (body: unknown, key = 'sim_openai_test_key') =>
      fetch(`${sim.baseUrl}/audio/speech`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const valid = { model: 'tts-1', input: 'Hi', voice: 'alloy', response_format: 'wav' };
    expect((await post(valid, 'wrong')).status).toBe(401);
    expect((await post({ ...valid, speed: 9 })).status).toBe(400);
    const mp3 = await post({ ...valid, response_format: 'mp3' });
    expect(mp3.status).toBe(400);
    expect(((await mp3.json()) as { error: { message: string } }).error.message).toContain('mp3');
    const ok = await post(valid);
    expect(ok.headers.get('content-type')).toBe('audio/wav');
  });
});
