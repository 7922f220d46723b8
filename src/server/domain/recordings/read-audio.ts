// A recording's stored audio as bytes, for the analysis submit (the provider's API takes the file
// in one request). Bounded by RECORDING_MAX_BYTES, which no stored object exceeds, and by the
// caller's signal (a job attempt that timed out stops reading).
import { getEnv } from '../../env';
import { getRecordingStorage } from './get-storage';
import { RecordingTooLargeError } from './errors';

export async function readRecordingAudio(key: string, signal?: AbortSignal): Promise<Uint8Array> {
  const stream = await getRecordingStorage().get(key);
  const onAbort = () => stream.destroy(new Error('reading the recording was aborted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) onAbort();
    const maxBytes = getEnv().RECORDING_MAX_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes)
        throw new RecordingTooLargeError('the stored recording is over RECORDING_MAX_BYTES');
      chunks.push(chunk as Buffer);
    }
    return new Uint8Array(Buffer.concat(chunks));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}
