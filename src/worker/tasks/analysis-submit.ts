import { submitRecordingForAnalysis, type AudioReader } from '@/server/domain/analysis/submit';
import type { TaskHandler } from '../task-handler';

// Interim until the recordings storage (src/server/domain/recordings/storage.ts) lands: nothing
// enqueues analysis.submit before it does, and a job run before then retries instead of failing.
const readAudio: AudioReader = () =>
  Promise.reject(new Error('recording storage is not available in this build'));

export const analysisSubmit: TaskHandler<'analysis.submit'> = async (payload, ctx) => {
  const result = await submitRecordingForAnalysis(payload, {
    readAudio,
    lastAttempt: ctx.attempt >= ctx.maxAttempts,
    signal: ctx.signal,
  });
  ctx.log.info({ recordingSessionId: payload.recordingSessionId, ...result }, 'analysis submit');
};
