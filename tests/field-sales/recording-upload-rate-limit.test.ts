// The audio upload counts against the tenant's API rate limit like any tRPC call (the same
// bucket): past API_RATE_LIMIT_PER_MINUTE it answers 429 with Retry-After and keeps nothing.
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { addPerson, createTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { createVisit, sessionsOf, uploadAudio, wavBytes, withKey } from './recordings-support';

const dir = mkdtempSync(path.join(tmpdir(), 'sb-recordings-'));
chmodSync(dir, 0o755);
process.env.RECORDINGS_DIR = dir;
process.env.API_RATE_LIMIT_PER_MINUTE = '4';
resetEnvForTests();

describe('POST /api/v1/recordings/<id>/audio and the API rate limit', () => {
  it('answers 429 with Retry-After once the tenant’s calls are spent, and keeps nothing', async () => {
    // Keep clear of a minute boundary so the whole test sits in one window.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const tenant = await createTenant('upload-limit');
    const rep = await addPerson(tenant, 'REP');
    const token = await bearerFor(rep); // call 1
    const first = await createVisit(tenant, { repId: rep.userId });
    const second = await createVisit(tenant, { repId: rep.userId });
    const a = await withKey(rep).recordings.start({ appointmentId: first.appointmentId }); // 2
    expect((await uploadAudio(a.session.id, wavBytes(), { token })).status).toBe(200); // 3
    const b = await withKey(rep).recordings.start({ appointmentId: second.appointmentId }); // 4

    const refused = await uploadAudio(b.session.id, wavBytes(), { token });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await sessionsOf(second.appointmentId))[0]).toMatchObject({
      status: 'PENDING',
      audio_key: null,
    });
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name);
    expect(files).toHaveLength(1);
  });
});
