// Reading the RIFF WAV files the engines return: only what we need (the format chunk and where the
// samples are), so no audio library is pulled in for it. A streamed WAV (OpenAI's) declares
// 0xFFFFFFFF sizes; the data chunk then runs to the end of the bytes.
export type WavInfo = {
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** The sample bytes (a view into the input). */
  data: Uint8Array;
};

export class InvalidWavError extends Error {
  override name = 'InvalidWavError';
}

const tag = (bytes: Uint8Array, at: number) =>
  String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);

export function parseWav(bytes: Uint8Array): WavInfo {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE')
    throw new InvalidWavError('not a RIFF WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<WavInfo, 'data'> | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new InvalidWavError('short fmt chunk');
      fmt = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new InvalidWavError('data chunk before the fmt chunk');
      const end = Math.min(bytes.length, body + size);
      return { ...fmt, data: bytes.subarray(body, end) };
    }
    // Chunks are padded to an even size.
    at = body + size + (size % 2);
  }
  throw new InvalidWavError('no data chunk');
}

/** Seconds of 16-bit PCM in `byteLength` bytes. */
export function pcmSeconds(byteLength: number, sampleRate: number, channels = 1): number {
  return sampleRate > 0 ? byteLength / (2 * channels * sampleRate) : 0;
}

/** A canonical 44-byte-header WAV of 16-bit mono samples. */
export function wavFromPcm(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + pcm.byteLength);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + pcm.byteLength, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, pcm.byteLength, true);
  out.set(pcm, 44);
  return out;
}
