// Why an audio upload is refused; the upload route answers each with its own status.
import { ConflictError, ValidationError } from '../errors';

/** Over RECORDING_MAX_BYTES (HTTP 413): nothing is kept. */
export class RecordingTooLargeError extends ValidationError {}
/** The content type is not an audio type we accept (HTTP 415). */
export class RecordingTypeRefusedError extends ValidationError {}
/** The bytes received do not hash to the client's Content-SHA256 (HTTP 422): nothing is kept. */
export class RecordingHashMismatchError extends ValidationError {}
/** The body ended early, was empty or was unreadable (HTTP 400): nothing is kept. */
export class RecordingBodyError extends ValidationError {}
/** The session cannot take audio in its state (already uploaded, stopped or abandoned): HTTP 409. */
export class RecordingStateError extends ConflictError {}
