// The assistant's per-tenant limit (ASSISTANT_RATE_LIMIT_PER_MINUTE) over the internal API: past it
// both routes answer 429 with Retry-After and do nothing; another tenant is not affected.
import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '../../src/server/env';
import { createTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { postText, postTts, writtenFor } from './support';

process.env.ASSISTANT_RATE_LIMIT_PER_MINUTE = '3';
resetEnvForTests();

const speech = { input: 'Hello.', voice: 'alloy', model: 'tts-1' };
const question = { text: 'When are you open?', language: 'en' };

describe('the assistant’s rate limit', () => {
  it('answers 429 with Retry-After once the tenant’s calls are spent, for text and tts alike', async () => {
    // Keep clear of a minute boundary so the whole test sits in one window.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const a = await createTenant('assistant-limit');
    const b = await createTenant('assistant-limit');
    const token = await bearerFor(a.owner);

    expect((await postTts(speech, { token })).status).toBe(200);
    expect((await postText(question, { token })).status).toBe(200);
    expect((await postTts(speech, { token })).status).toBe(200);
    const before = await writtenFor(a.tenantId);

    for (const refused of [await postTts(speech, { token }), await postText(question, { token })]) {
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await refused.json()) as { error: string }).error).toContain(
        `more than 3 times in a minute; retry after ${retryAfter} s`,
      );
    }
    expect(await writtenFor(a.tenantId)).toEqual(before);

    const tokenB = await bearerFor(b.owner);
    expect((await postTts(speech, { token: tokenB })).status).toBe(200);
  });
});
