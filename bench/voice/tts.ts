// bench/voice/tts: the offline speech engine's real-time factor per language — seconds of audio
// made per second of CPU (process.cpuUsage: every thread of this process, the eSpeak NG worker
// threads included) and per second of wall time — for a typical spoken answer (about 150
// characters), one clip at a time and TTS_CONCURRENCY at once. The baseline, measured in the
// same run, is a one-word clip: the fixed cost of a synthesis (a fresh WASM instance and voice
// load), against which the per-answer cost is read. No database is used.
//
//   npx tsx bench/voice/tts.ts                 # 12 clips per language and mode
//   BENCH_TTS_CLIPS=30 TTS_CONCURRENCY=2 npx tsx bench/voice/tts.ts
import { availableParallelism } from 'node:os';

const CLIPS = Number(process.env.BENCH_TTS_CLIPS ?? 12);
Object.assign(process.env, { LOG_LEVEL: 'silent', TTS_ENGINE: 'espeak', TTS_QUEUE_MAX: '10000' });

const { synthesizeSpeech, getEspeakPool } = await import('../../src/server/domain/speech');
const { getEnv } = await import('../../src/server/env');
type Language = 'en' | 'ru' | 'uk' | 'sk';

const answers: Record<Language, string> = {
  en: 'We are open Monday to Friday from nine in the morning to six in the evening, and on Saturdays until two in the afternoon.',
  ru: 'Мы работаем с понедельника по пятницу с девяти утра до шести вечера, а по субботам до двух часов дня.',
  uk: 'Ми працюємо з понеділка по пʼятницю з девʼятої ранку до шостої вечора, а в суботу до другої години дня.',
  sk: 'Sme otvorení od pondelka do piatku od deviatej ráno do šiestej večer a v sobotu do druhej popoludní.',
};
const oneWord: Record<Language, string> = {
  en: 'Hello.',
  ru: 'Привет.',
  uk: 'Привіт.',
  sk: 'Ahoj.',
};

type Figures = { clips: number; audio: number; cpu: number; wall: number };

async function measure(language: Language, text: string, parallel: number): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let audio = 0;
  let next = 0;
  const lane = async () => {
    while (next < CLIPS) {
      next += 1;
      const clip = await synthesizeSpeech({
        text,
        language,
        voice: 'alloy',
        model: 'tts-1',
        format: 'wav',
        speed: 1,
      });
      audio += clip.seconds;
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  const cpu = process.cpuUsage(cpu0);
  return {
    clips: CLIPS,
    audio,
    cpu: (cpu.user + cpu.system) / 1e6,
    wall: (performance.now() - wall0) / 1000,
  };
}

const threads = getEnv().TTS_CONCURRENCY;
const f1 = (n: number) => n.toFixed(1).padStart(7);
const f3 = (n: number) => n.toFixed(3).padStart(7);
console.log(
  `TTS real-time factor, eSpeak NG (npm espeak-ng) in ${threads} worker thread(s), ${availableParallelism()} CPUs, ${CLIPS} clips per row`,
);
// Warm-up: threads started, WASM compiled and tiered up.
await measure('en', answers.en, threads);

console.log(
  '\nlang  mode        clip      audio s/clip  CPU ms/clip  wall ms/clip  RTF(CPU)  RTF(wall)',
);
const summary: string[] = [];
for (const language of Object.keys(answers) as Language[]) {
  const base = await measure(language, oneWord[language], 1);
  const serial = await measure(language, answers[language], 1);
  const parallel = await measure(language, answers[language], threads);
  for (const [mode, clip, f] of [
    ['serial', 'one word', base],
    ['serial', 'answer', serial],
    [`${threads} at once`, 'answer', parallel],
  ] as const)
    console.log(
      `${language.padEnd(5)} ${mode.padEnd(11)} ${clip.padEnd(9)} ${f3(f.audio / f.clips)}       ${f1((f.cpu / f.clips) * 1000)}      ${f1((f.wall / f.clips) * 1000)}     ${f1(f.audio / f.cpu)}   ${f1(f.audio / f.wall)}`,
    );
  // The answer's CPU beyond the fixed cost of a clip, per second of audio.
  const marginal = (serial.cpu - base.cpu) / serial.clips / (serial.audio / serial.clips);
  summary.push(
    `${language}: RTF ${(serial.audio / serial.cpu).toFixed(1)}× real time per CPU second; an answer costs ${(serial.cpu / serial.clips / (base.cpu / base.clips) || 0).toFixed(1)}× the one-word baseline; marginal ${(marginal * 1000).toFixed(0)} ms CPU per audio second`,
  );
}
console.log(`\n${summary.join('\n')}`);
await getEspeakPool().close();
