// Expiring signed speech links (for TwiML <Play>): the link Twilio fetches answers a valid WAV of
// the text; an altered link is 403, an expired one 410, and bad input never makes a link.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET } from '../../src/app/api/v1/tts/audio/[token]/route';
import {
  SPEECH_URL_PATH,
  mintSpeechToken,
  speechUrl,
  verifySpeechToken,
} from '../../src/server/domain/speech';
import { ValidationError } from '../../src/server/domain/errors';
import { resetEnvForTests } from '../../src/server/env';
import { expectSpokenWav } from './wav-check';

process.env.APP_URL = 'https://switchboard.example';
resetEnvForTests();

const tenantId = randomUUID();
const fetchAudio = (url: string) => {
  const token = url.slice(url.indexOf(SPEECH_URL_PATH) + SPEECH_URL_PATH.length);
  return GET(new Request(url), { params: Promise.resolve({ token }) });
};

/** The same token with one character of its payload or MAC changed. */
function altered(token: string, part: 1 | 2): string {
  const parts = token.split('.');
  const text = parts[part]!;
  const at = Math.floor(text.length / 2);
  parts[part] = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  return parts.join('.');
}

describe('speechUrl and GET /api/v1/tts/audio/<token>', () => {
  it('makes an absolute link under APP_URL that answers the text as audio/wav', async () => {
    const url = speechUrl({
      tenantId,
      text: '  Hello, caller.\u0007 ',
      language: 'en',
      ttlSeconds: 120,
    });
    expect(url.startsWith(`https://switchboard.example${SPEECH_URL_PATH}v1.`)).toBe(true);
    const res = await fetchAudio(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=1[01]\d$/);
    expectSpokenWav(new Uint8Array(await res.arrayBuffer()));
    const check = verifySpeechToken(url.split(SPEECH_URL_PATH)[1]!);
    expect(check).toMatchObject({
      ok: true,
      claim: { tenantId, language: 'en', text: 'Hello, caller.' },
    });
  });

  it('speaks Cyrillic text of a long answer (the link stays well under Twilio’s URL limits)', async () => {
    const text = 'Доставка по місту займає один день. '.repeat(20);
    const url = speechUrl({ tenantId, text, language: 'uk', ttlSeconds: 60 });
    expect(url.length).toBeLessThan(4000);
    const res = await fetchAudio(url);
    expect(res.status).toBe(200);
    expect(expectSpokenWav(new Uint8Array(await res.arrayBuffer())).seconds).toBeGreaterThan(10);
  });

  it('refuses an altered link with 403 (payload or MAC), and junk too', async () => {
    const token = mintSpeechToken({ tenantId, text: 'Secret', language: 'en', ttlSeconds: 60 });
    for (const bad of [
      altered(token, 1),
      altered(token, 2),
      token.replace(/^v1\./, 'v2.'),
      `${token}x`,
      'v1..',
      'nonsense',
      'v1.' + 'A'.repeat(20_000) + '.' + 'A'.repeat(43),
    ]) {
      const res = await GET(new Request('http://x/'), { params: Promise.resolve({ token: bad }) });
      expect(res.status, bad.slice(0, 60)).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('this speech link is not valid');
    }
  });

  it('a link signed under another secret is 403', () => {
    const token = mintSpeechToken({ tenantId, text: 'Hello', language: 'en', ttlSeconds: 60 });
    process.env.NEXTAUTH_SECRET = 'another-secret-of-sufficient-length';
    resetEnvForTests();
    try {
      expect(verifySpeechToken(token)).toMatchObject({ ok: false, status: 403 });
    } finally {
      delete process.env.NEXTAUTH_SECRET;
      resetEnvForTests();
    }
    expect(verifySpeechToken(token).ok).toBe(true);
  });

  it('an expired link is 410', async () => {
    const past = new Date(Date.now() - 120_000);
    const token = mintSpeechToken(
      { tenantId, text: 'Too late', language: 'en', ttlSeconds: 60 },
      past,
    );
    const res = await GET(new Request('http://x/'), { params: Promise.resolve({ token }) });
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: string }).error).toBe('this speech link has expired');
    // Valid right up to its expiry.
    expect(verifySpeechToken(token, new Date(past.getTime() + 59_000)).ok).toBe(true);
    expect(verifySpeechToken(token, new Date(past.getTime() + 60_000))).toMatchObject({
      status: 410,
    });
  });

  it('refuses to make a link of bad input', () => {
    const bad = [
      { tenantId: 'not-a-uuid', text: 'x', language: 'en', ttlSeconds: 60 },
      { tenantId, text: ' \u0001 ', language: 'en', ttlSeconds: 60 },
      { tenantId, text: 'x'.repeat(4001), language: 'en', ttlSeconds: 60 },
      { tenantId, text: 'x', language: 'de', ttlSeconds: 60 },
      { tenantId, text: 'x', language: 'en', ttlSeconds: 0 },
      { tenantId, text: 'x', language: 'en', ttlSeconds: 86_401 },
      { tenantId, text: 'x', language: 'en', ttlSeconds: 1.5 },
    ];
    for (const input of bad)
      expect(() => speechUrl(input as Parameters<typeof speechUrl>[0])).toThrow(ValidationError);
  });
});
