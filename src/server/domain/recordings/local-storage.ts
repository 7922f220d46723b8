// RecordingStorage on the local file system: objects are files under one root directory. A put
// writes to a temporary file beside its target (same directory, so the final rename is atomic),
// hashing and counting the bytes as they pass; only a complete, verified file is renamed into place.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { NotFoundError } from '../errors';
import { RecordingBodyError, RecordingHashMismatchError, RecordingTooLargeError } from './errors';
import type { PutOptions, RecordingStorage, StoredObject } from './storage';

/** Keys are ours (recordingKey), never a client's: anything else is a bug, refused loudly. */
const KEY_SHAPE = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.[a-z0-9]{1,8}$/;

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export class LocalRecordingStorage implements RecordingStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY_SHAPE.test(key)) throw new Error(`not a recording key: ${key}`);
    return path.join(this.root, ...key.split('/'));
  }

  async put(
    key: string,
    body: Readable | ReadableStream<Uint8Array>,
    options: PutOptions,
  ): Promise<StoredObject> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    const temp = `${target}.${randomUUID()}.part`;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        size += chunk.length;
        if (size > options.maxBytes) {
          callback(
            new RecordingTooLargeError(
              `the recording is larger than ${mib(options.maxBytes)}; the limit is RECORDING_MAX_BYTES`,
            ),
          );
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      const source =
        body instanceof Readable
          ? body
          : Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
      await pipeline(source, meter, createWriteStream(temp, { flags: 'wx', mode: 0o644 })).catch(
        (error: unknown) => {
          if (error instanceof RecordingTooLargeError) throw error;
          throw new RecordingBodyError('the upload was interrupted before the end of the audio');
        },
      );
      if (size === 0)
        throw new RecordingBodyError('the body is empty: send the audio file as the body');
      const sha256 = hash.digest('hex');
      if (options.expectedSha256 && options.expectedSha256 !== sha256)
        throw new RecordingHashMismatchError(
          `the audio received hashes to ${sha256}, not to the Content-SHA256 sent; upload it again`,
        );
      await rename(temp, target);
      return { key, size, sha256 };
    } finally {
      await rm(temp, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    const found = await stat(file).catch(() => null);
    if (!found?.isFile()) throw new NotFoundError('recording audio not found');
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
