// Where recordings' audio lives, behind a small interface so an object store can replace the
// local directory without touching callers. `put` streams: the body is hashed and counted on the
// way to storage and never held whole in memory; an object becomes visible under its key only
// once it is complete, within the size limit and matching the expected hash — otherwise nothing
// is kept.
import type { Readable } from 'node:stream';

export type StoredObject = { key: string; size: number; sha256: string };

export type PutOptions = {
  /** Bytes; one more refuses the object (RecordingTooLargeError). */
  maxBytes: number;
  /** Lower-case hex SHA-256 the bytes must have (RecordingHashMismatchError otherwise). */
  expectedSha256?: string;
};

export interface RecordingStorage {
  put(
    key: string,
    body: Readable | ReadableStream<Uint8Array>,
    options: PutOptions,
  ): Promise<StoredObject>;
  /** NotFoundError when there is no such object. */
  get(key: string): Promise<Readable>;
  /** Removing an object that is not there is not an error. */
  delete(key: string): Promise<void>;
}
