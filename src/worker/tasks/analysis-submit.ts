import { readRecordingAudio } from '@/server/domain/analysis/audio';
import { submitRecordingForAnalysis } from '@/server/domain/analysis/submit';
import type { TaskHandler } from '../task-handler';

export const analysisSubmit: TaskHandler<'analysis.submit'> = async (payload, ctx) => {
  const result = await submitRecordingForAnalysis(payload, {
    readAudio: readRecordingAudio,
    lastAttempt: ctx.attempt >= ctx.maxAttempts,
    signal: ctx.signal,
  });
  ctx.log.info({ recordingSessionId: payload.recordingSessionId, ...result }, 'analysis submit');
};
