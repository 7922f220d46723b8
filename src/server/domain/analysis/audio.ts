// A recording's audio for the analysis service, read from the recordings storage. The service
// takes it as one request body, so it is read whole; the upload bounds it (RECORDING_MAX_BYTES,
// below the service's 200 MiB).
import { buffer } from 'node:stream/consumers';
import { getRecordingStorage } from '../recordings/get-storage';
import type { AudioReader } from './submit';

export const readRecordingAudio: AudioReader = async (key) =>
  buffer(await getRecordingStorage().get(key));
