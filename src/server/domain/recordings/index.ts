// The recordings domain: a rep's day, recorded visits (start, stop, read), their audio, the reaper.
export { listMyAppointments, type MyAppointmentView } from './my-appointments';
export { isCalendarDay } from './day-range';
export { startRecording } from './start';
export { stopRecording } from './stop';
export { getRecordingSession, listRecordingSessions } from './sessions';
export { AUDIO_TYPES, uploadRecordingAudio, type UploadRecordingInput } from './upload';
export { abandonStaleRecordings } from './reaper';
export { getRecordingStorage } from './get-storage';
export type { RecordingStorage, StoredObject } from './storage';
export type { RecordingSessionView } from './views';
export * from './errors';
