// POST /api/v1/tts and POST /api/v1/text over real Requests against real Postgres and the real
// speech engine: a bearer API token is required, the answers are what a client plays or reads,
// and every invalid field is a 422 naming it that writes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { systemActor } from '../../src/server/domain/audit/actor';
import { createArticle } from '../../src/server/domain/answering';
import { createTenant, ownerQuery, type TestTenant } from '../helpers/fixtures';
import { bearerFor } from '../kernel/support';
import { postText, postTts, writtenFor } from './support';
import { expectSpokenWav } from './wav-check';

let a: TestTenant;
let token: string;
let articleId: string;

beforeAll(async () => {
  a = await createTenant('voice-api');
  token = await bearerFor(a.owner);
  articleId = await withTenantTx(a.tenantId, async (tx) => {
    const article = await createArticle(tx, {
      actor: systemActor(a.tenantId),
      language: 'sk',
      title: 'Otváracie hodiny',
      body: 'Sme otvorení od pondelka do piatku od deviatej do šiestej.',
      tags: [],
      enabled: true,
    });
    return article.id;
  });
});

const valid = { input: 'Hello from the switchboard.', voice: 'alloy', model: 'tts-1' };
type Refusal = {
  error: string;
  fieldErrors?: Record<string, string[]>;
  supported_formats?: string[];
};

describe('POST /api/v1/tts', () => {
  it('answers a WAV by default, with what was made in its headers', async () => {
    const res = await postTts(valid, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('x-tts-engine')).toBe('espeak');
    const wav = expectSpokenWav(new Uint8Array(await res.arrayBuffer()));
    expect(Number(res.headers.get('x-audio-seconds'))).toBeCloseTo(wav.seconds, 2);
  });

  it('answers raw 16-bit pcm whose length matches its duration and sample rate', async () => {
    const res = await postTts({ ...valid, response_format: 'pcm', voice: 'nova' }, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/pcm');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const rate = Number(res.headers.get('x-sample-rate'));
    expect(rate).toBe(22050);
    expect(bytes.byteLength / 2 / rate).toBeCloseTo(Number(res.headers.get('x-audio-seconds')), 2);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).not.toBe('RIFF');
  });

  it('speaks each language, named or read from the letters', async () => {
    for (const body of [
      { ...valid, input: 'Доставка займає один день.', language: 'uk' },
      { ...valid, input: 'Доставка занимает один день.' },
      { ...valid, input: 'Dobrý deň, ako vám môžem pomôcť?' },
    ]) {
      const res = await postTts(body, { token });
      expect(res.status).toBe(200);
      expectSpokenWav(new Uint8Array(await res.arrayBuffer()));
    }
  });

  it('speed 2.0 takes about half as long as 1.0', async () => {
    const input = 'The parcel arrives tomorrow between nine in the morning and noon.';
    const seconds = async (speed: number) =>
      Number((await postTts({ ...valid, input, speed }, { token })).headers.get('x-audio-seconds'));
    const ratio = (await seconds(2)) / (await seconds(1));
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.6);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['input', { ...valid, input: '' }, 'must not be empty'],
    ['input', { ...valid, input: ' \u0000\u0007 \t' }, 'must not be empty'],
    ['input', { ...valid, input: 'x'.repeat(4001) }, 'at most 4000 characters'],
    ['input', { ...valid, input: 42 }, 'must be text'],
    ['input', { voice: 'alloy', model: 'tts-1' }, 'must be text'],
    ['voice', { ...valid, voice: 'robot' }, 'one of alloy'],
    ['voice', { ...valid, voice: undefined }, 'one of alloy'],
    ['model', { ...valid, model: 'tts-9' }, 'one of tts-1'],
    ['speed', { ...valid, speed: 0.2 }, 'at least 0.25'],
    ['speed', { ...valid, speed: 4.5 }, 'at most 4'],
    ['speed', { ...valid, speed: '1' }, 'must be a number'],
    ['language', { ...valid, language: 'de' }, 'one of en, ru, uk, sk'],
    ['response_format', { ...valid, response_format: 7 }, 'supported formats: wav, pcm'],
  ];
  for (const [field, body, message] of invalid)
    it(`422 for a bad ${field} (${JSON.stringify(body[field] ?? null).slice(0, 30)}), writing nothing`, async () => {
      const before = await writtenFor(a.tenantId);
      const res = await postTts(body, { token });
      expect(res.status).toBe(422);
      const refusal = (await res.json()) as Refusal;
      expect(refusal.fieldErrors?.[field]?.join(' ')).toContain(message);
      expect(refusal.error).toContain(field);
      expect(await writtenFor(a.tenantId)).toEqual(before);
    });

  it('an unsupported format is a 422 listing the supported ones', async () => {
    const res = await postTts({ ...valid, response_format: 'mp3' }, { token });
    expect(res.status).toBe(422);
    const refusal = (await res.json()) as Refusal;
    expect(refusal.supported_formats).toEqual(['wav', 'pcm']);
    expect(refusal.fieldErrors?.response_format).toEqual([
      'unsupported format "mp3"; supported formats: wav, pcm',
    ]);
  });

  it('a body that is not a JSON object is refused: 422, 400 or 415', async () => {
    expect((await postTts([1, 2], { token })).status).toBe(422);
    expect((await postTts(null, { token })).status).toBe(422);
    expect((await postTts(null, { token, raw: '{"input":' })).status).toBe(400);
    expect((await postTts(valid, { token, contentType: 'text/plain' })).status).toBe(415);
    expect(
      (await postTts(null, { token, raw: JSON.stringify({ ...valid, input: 'x'.repeat(70_000) }) }))
        .status,
    ).toBe(413);
  });
});

describe('POST /api/v1/text', () => {
  it('answers from the tenant’s knowledge with sources and confidence, and audits the call id', async () => {
    const res = await postText(
      { text: '  Kedy ste otvorení?\u0007 ', language: 'sk', call_id: 'crm-call-17' },
      { token },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      answer: string;
      known: boolean;
      confidence: number;
      sources: { article_id: string; title: string; score: number }[];
      answerer: string;
      answer_id: string;
      call_id: string;
    };
    expect(body.known).toBe(true);
    expect(body.sources[0]).toMatchObject({ article_id: articleId, title: 'Otváracie hodiny' });
    expect(body.confidence).toBeGreaterThan(0);
    expect(body.answer).toContain('pondelka');
    expect(body.answerer).toBe('builtin');
    expect(body.call_id).toBe('crm-call-17');
    const [record] = await ownerQuery<{ channel: string; question: string }>(
      'SELECT channel, question FROM answer_records WHERE id = $1',
      [body.answer_id],
    );
    expect(record).toEqual({ channel: 'api', question: 'Kedy ste otvorení?' });
    const [entry] = await ownerQuery<{ actor_id: string; detail: { callId: string } }>(
      `SELECT actor_id, detail FROM audit_entries WHERE tenant_id = $1 AND action = 'assistant.question_answered' AND subject = $2`,
      [a.tenantId, body.answer_id],
    );
    expect(entry?.actor_id).toBe(a.owner.userId);
    expect(entry?.detail.callId).toBe('crm-call-17');
  });

  it('says it does not know when no article fits', async () => {
    const res = await postText({ text: 'Do you sell helicopters?', language: 'en' }, { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ known: false, sources: [] });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['text', { text: '   ', language: 'en' }, 'must not be empty'],
    ['text', { text: '\u0001\u0002', language: 'en' }, 'must not be empty'],
    ['text', { text: 'x'.repeat(4001), language: 'en' }, 'at most 4000'],
    ['text', { language: 'en' }, 'must be text'],
    ['language', { text: 'Hi' }, 'one of en, ru, uk, sk'],
    ['language', { text: 'Hi', language: 'de' }, 'one of en, ru, uk, sk'],
    ['call_id', { text: 'Hi', language: 'en', call_id: 'c'.repeat(129) }, 'at most 128'],
    ['call_id', { text: 'Hi', language: 'en', call_id: ' ' }, 'required'],
    ['call_id', { text: 'Hi', language: 'en', call_id: 5 }, 'expected string'],
  ];
  for (const [field, body, message] of invalid)
    it(`422 for a bad ${field}, writing nothing`, async () => {
      const before = await writtenFor(a.tenantId);
      const res = await postText(body, { token });
      expect(res.status).toBe(422);
      expect(((await res.json()) as Refusal).fieldErrors?.[field]?.join(' ')).toContain(message);
      expect(await writtenFor(a.tenantId)).toEqual(before);
    });
});

describe('the internal API’s credentials', () => {
  it('401 without a bearer token or with a bad one, writing nothing', async () => {
    const before = await writtenFor(a.tenantId);
    for (const post of [postTts, postText]) {
      const body = { ...valid, text: 'Hi', language: 'en' };
      expect((await post(body)).status).toBe(401);
      expect((await post(body, { token: 'sbt_not-a-real-token' })).status).toBe(401);
    }
    expect(await writtenFor(a.tenantId)).toEqual(before);
  });
});
