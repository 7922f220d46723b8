// The eSpeak NG pool's bounds, on real worker threads: at most `threads` clips run and `queueMax`
// wait — one more is refused at once (SpeechBusyError, nothing started) — and a clip that overruns
// its time is failed with its thread ended, while the pool goes on serving.
import { afterEach, describe, expect, it } from 'vitest';
import { EspeakPool } from '../../src/server/domain/speech/espeak-pool';
import { SpeechBusyError, SpeechFailedError } from '../../src/server/domain/speech';
import { parseWav } from '../../src/server/domain/speech';

const pools: EspeakPool[] = [];
const pool = (options: ConstructorParameters<typeof EspeakPool>[0]) => {
  const made = new EspeakPool(options);
  pools.push(made);
  return made;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const job = { text: 'Hello there.', voice: 'en-us+m1', wpm: 175 };

describe('EspeakPool', () => {
  it('runs `threads` at once, queues `queueMax`, refuses the next at once', async () => {
    const small = pool({ threads: 1, queueMax: 1, timeoutMs: 30_000 });
    const first = small.synthesize(job);
    const second = small.synthesize(job);
    await expect(small.synthesize(job)).rejects.toBeInstanceOf(SpeechBusyError);
    for (const wav of await Promise.all([first, second]))
      expect(parseWav(wav).data.byteLength).toBeGreaterThan(10_000);
    // Room again once the queue drained.
    expect(parseWav(await small.synthesize(job)).sampleRate).toBe(22050);
  });

  it('fails a clip that overruns its time and ends its thread', async () => {
    const hasty = pool({ threads: 1, queueMax: 4, timeoutMs: 1 });
    const clips = await Promise.allSettled([hasty.synthesize(job), hasty.synthesize(job)]);
    for (const clip of clips) {
      expect(clip.status).toBe('rejected');
      const reason = (clip as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(SpeechFailedError);
      expect(reason.message).toBe('the speech engine overran its time');
    }
  });

  it('a cancelled request is not synthesised', async () => {
    const controller = new AbortController();
    controller.abort();
    const idle = pool({ threads: 1, queueMax: 1, timeoutMs: 30_000 });
    await expect(idle.synthesize(job, controller.signal)).rejects.toBeInstanceOf(SpeechFailedError);
  });
});
