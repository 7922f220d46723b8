// The offline engine for real: eSpeak NG (WASM) in its worker threads speaks each of the four
// languages as a valid WAV, pcm is the same samples without the header, and speed 2.0 takes about
// half as long as 1.0.
import { describe, expect, it } from 'vitest';
import {
  espeakWordsPerMinute,
  parseWav,
  synthesizeSpeech,
  type SpeechLanguage,
} from '../../src/server/domain/speech';
import { getMetrics } from '../../src/server/obs/metrics';
import { expectSpokenWav } from './wav-check';

const phrases: Record<SpeechLanguage, string> = {
  en: 'We are open Monday to Friday from nine in the morning to six in the evening.',
  ru: 'Мы работаем с понедельника по пятницу с девяти утра до шести вечера.',
  uk: 'Ми працюємо з понеділка по пʼятницю з девʼятої ранку до шостої вечора.',
  sk: 'Sme otvorení od pondelka do piatku od deviatej ráno do šiestej večer.',
};

const speak = (
  text: string,
  language: SpeechLanguage,
  extra: { speed?: number; format?: 'wav' | 'pcm' } = {},
) =>
  synthesizeSpeech({
    text,
    language,
    voice: 'alloy',
    model: 'tts-1',
    format: extra.format ?? 'wav',
    speed: extra.speed ?? 1,
  });

describe('eSpeak NG engine', () => {
  for (const language of Object.keys(phrases) as SpeechLanguage[])
    it(`speaks ${language} as a valid, non-silent WAV`, async () => {
      const clip = await speak(phrases[language], language);
      expect(clip.engine).toBe('espeak');
      expect(clip.contentType).toBe('audio/wav');
      const wav = expectSpokenWav(clip.audio);
      expect(wav.sampleRate).toBe(22050);
      expect(clip.sampleRate).toBe(22050);
      expect(clip.seconds).toBeCloseTo(wav.seconds, 6);
      // A sentence of this length takes a few seconds to say.
      expect(clip.seconds).toBeGreaterThan(2);
      expect(clip.seconds).toBeLessThan(15);
    });

  it('pcm is the WAV’s samples without the header: length matches the duration', async () => {
    const [wav, pcm] = await Promise.all([
      speak(phrases.en, 'en', { format: 'wav' }),
      speak(phrases.en, 'en', { format: 'pcm' }),
    ]);
    expect(pcm.contentType).toBe('audio/pcm');
    expect(pcm.audio.byteLength).toBe(Math.round(pcm.seconds * pcm.sampleRate * 2));
    expect(Buffer.from(pcm.audio).equals(Buffer.from(parseWav(wav.audio).data))).toBe(true);
    expect(String.fromCharCode(...pcm.audio.subarray(0, 4))).not.toBe('RIFF');
  });

  it('speed 2.0 gives about half the duration of 1.0 (and 0.5 about double)', async () => {
    const text = phrases.sk;
    const [normal, fast, slow] = await Promise.all([
      speak(text, 'sk', { speed: 1 }),
      speak(text, 'sk', { speed: 2 }),
      speak(text, 'sk', { speed: 0.5 }),
    ]);
    expect(fast.seconds / normal.seconds).toBeGreaterThan(0.4);
    expect(fast.seconds / normal.seconds).toBeLessThan(0.6);
    expect(slow.seconds / normal.seconds).toBeGreaterThan(1.6);
    expect(slow.seconds / normal.seconds).toBeLessThan(2.4);
  });

  it('maps speed to words per minute within eSpeak NG’s range', () => {
    expect(espeakWordsPerMinute(1)).toBe(175);
    expect(espeakWordsPerMinute(2)).toBe(350);
    expect(espeakWordsPerMinute(0.25)).toBe(80);
    expect(espeakWordsPerMinute(4)).toBe(450);
  });

  it('a text starting with "-" is spoken, not read as an option', async () => {
    const clip = await speak('-v xx --help minus five', 'en');
    expectSpokenWav(clip.audio);
  });

  it('counts the seconds of audio made in tts_seconds_total{engine}', async () => {
    const before = await counted();
    const clip = await speak('One more sentence to count.', 'en');
    expect((await counted()) - before).toBeCloseTo(clip.seconds, 6);
  });
});

async function counted(): Promise<number> {
  const metric = await getMetrics().ttsSeconds.get();
  return metric.values.find((v) => v.labels.engine === 'espeak')?.value ?? 0;
}
