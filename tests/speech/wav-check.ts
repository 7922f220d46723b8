// Shared by the speech tests: what a playable clip looks like, read from its own bytes.
import { expect } from 'vitest';
import { parseWav, type WavInfo } from '../../src/server/domain/speech';

/** Root mean square of 16-bit LE samples, 0..32768. */
export function rms(pcm: Uint8Array): number {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  let sum = 0;
  const n = Math.floor(pcm.byteLength / 2);
  for (let i = 0; i < n; i++) sum += view.getInt16(i * 2, true) ** 2;
  return n > 0 ? Math.sqrt(sum / n) : 0;
}

/** A RIFF WAVE of 16-bit mono PCM at a telephone-usable rate, with audible samples. */
export function expectSpokenWav(bytes: Uint8Array): WavInfo & { seconds: number } {
  const info = parseWav(bytes);
  expect(info.audioFormat).toBe(1);
  expect(info.channels).toBe(1);
  expect(info.bitsPerSample).toBe(16);
  expect(info.sampleRate).toBeGreaterThanOrEqual(8000);
  expect(info.data.byteLength % 2).toBe(0);
  const seconds = info.data.byteLength / 2 / info.sampleRate;
  expect(seconds).toBeGreaterThan(0.3);
  // Speech, not silence: a clear level over the whole clip, and loud peaks somewhere.
  expect(rms(info.data)).toBeGreaterThan(300);
  return { ...info, seconds };
}
