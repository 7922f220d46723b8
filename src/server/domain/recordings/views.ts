// What a recording session looks like to a client: the audio object's facts, never its storage key.
import type { RecordingStatus } from '../../db/generated/client';

export const ACTIVE_STATUSES = ['PENDING', 'RECORDING'] as const satisfies RecordingStatus[];

export const sessionSelect = {
  id: true,
  appointmentId: true,
  repId: true,
  status: true,
  startedAt: true,
  stoppedAt: true,
  uploadedAt: true,
  endedReason: true,
  audioKey: true,
  audioSizeBytes: true,
  audioContentType: true,
  audioSha256: true,
  audioDurationMs: true,
  createdAt: true,
} as const;

type SessionRow = {
  id: string;
  appointmentId: string;
  repId: string;
  status: RecordingStatus;
  startedAt: Date;
  stoppedAt: Date | null;
  uploadedAt: Date | null;
  endedReason: string | null;
  audioKey: string | null;
  audioSizeBytes: number | null;
  audioContentType: string | null;
  audioSha256: string | null;
  audioDurationMs: number | null;
  createdAt: Date;
};

export type RecordingAudioView = {
  contentType: string;
  sizeBytes: number;
  sha256: string;
  durationMs: number | null;
};

export type RecordingSessionView = {
  id: string;
  appointmentId: string;
  repId: string;
  status: RecordingStatus;
  startedAt: Date;
  stoppedAt: Date | null;
  uploadedAt: Date | null;
  endedReason: string | null;
  audio: RecordingAudioView | null;
  createdAt: Date;
};

export function toSessionView(row: SessionRow): RecordingSessionView {
  const hasAudio =
    row.audioKey !== null &&
    row.audioSizeBytes !== null &&
    row.audioContentType !== null &&
    row.audioSha256 !== null;
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    repId: row.repId,
    status: row.status,
    startedAt: row.startedAt,
    stoppedAt: row.stoppedAt,
    uploadedAt: row.uploadedAt,
    endedReason: row.endedReason,
    audio: hasAudio
      ? {
          contentType: row.audioContentType!,
          sizeBytes: row.audioSizeBytes!,
          sha256: row.audioSha256!,
          durationMs: row.audioDurationMs,
        }
      : null,
    createdAt: row.createdAt,
  };
}
