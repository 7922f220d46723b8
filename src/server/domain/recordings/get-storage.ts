// The configured RecordingStorage, and the keys objects are stored under.
import path from 'node:path';
import { getEnv } from '../../env';
import { LocalRecordingStorage } from './local-storage';
import type { RecordingStorage } from './storage';

let storage: { dir: string; instance: RecordingStorage } | undefined;

/** The local data directory by default (RECORDINGS_DIR, default .data/recordings). */
export function getRecordingStorage(): RecordingStorage {
  const dir = path.resolve(getEnv().RECORDINGS_DIR);
  if (storage?.dir !== dir) storage = { dir, instance: new LocalRecordingStorage(dir) };
  return storage.instance;
}

/** <tenant>/<session>/<upload>.<ext>: one object per upload, so a losing racer deletes only its own. */
export function recordingKey(input: {
  tenantId: string;
  sessionId: string;
  uploadId: string;
  extension: string;
}): string {
  return `${input.tenantId}/${input.sessionId}/${input.uploadId}.${input.extension}`;
}
