import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors';
import { RecordingHashMismatchError, RecordingTooLargeError } from './errors';
import { LocalRecordingStorage } from './local-storage';
import { recordingKey } from './get-storage';

const root = mkdtempSync(path.join(tmpdir(), 'sb-storage-'));
chmodSync(root, 0o755);
const storage = new LocalRecordingStorage(root);
const key = () =>
  recordingKey({
    tenantId: randomUUID(),
    sessionId: randomUUID(),
    uploadId: randomUUID(),
    extension: 'wav',
  });
const files = () =>
  readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

describe('LocalRecordingStorage', () => {
  it('puts, gets and deletes an object, hashing it on the way', async () => {
    const k = key();
    const stored = await storage.put(
      k,
      Readable.from([Buffer.from('hello '), Buffer.from('audio')]),
      {
        maxBytes: 100,
        expectedSha256: createHash('sha256').update('hello audio').digest('hex'),
      },
    );
    expect(stored).toMatchObject({ key: k, size: 11 });
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await text(await storage.get(k))).toBe('hello audio');
    await storage.delete(k);
    await storage.delete(k);
    await expect(storage.get(k)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps nothing when the body is too large or does not match its hash', async () => {
    const before = files().length;
    const big = key();
    await expect(
      storage.put(big, Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), { maxBytes: 100 }),
    ).rejects.toBeInstanceOf(RecordingTooLargeError);
    const wrong = key();
    await expect(
      storage.put(wrong, Readable.from([Buffer.from('x')]), {
        maxBytes: 100,
        expectedSha256: '0'.repeat(64),
      }),
    ).rejects.toBeInstanceOf(RecordingHashMismatchError);
    expect(files().length).toBe(before);
    expect(existsSync(path.join(root, big))).toBe(false);
  });

  it('refuses keys that are not ours (no way out of the root)', async () => {
    for (const bad of ['../../etc/passwd', `${randomUUID()}/../../x.wav`, 'a/b/c.wav'])
      await expect(storage.get(bad)).rejects.toThrow('not a recording key');
  });
});
