// The console's assistant.text and assistant.tts through createCaller: staff and above only, the
// clip comes back as base64 audio that plays, bounded in length, and a question is answered from
// the tenant's knowledge like the API's.
import { beforeAll, describe, expect, it } from 'vitest';
import { addPerson, callerFor, createTenant, trpcCode, type TestTenant } from '../helpers/fixtures';
import { expectSpokenWav } from './wav-check';

let a: TestTenant;
beforeAll(async () => {
  a = await createTenant('assistant-router');
});

describe('assistant router', () => {
  it('tts returns base64 audio with its content type', async () => {
    const clip = await callerFor(a.owner).assistant.tts({
      input: 'Ми працюємо щодня.',
      voice: 'coral',
      model: 'tts-1',
      speed: 1.5,
    });
    expect(clip).toMatchObject({ contentType: 'audio/wav', format: 'wav', engine: 'espeak' });
    const wav = expectSpokenWav(new Uint8Array(Buffer.from(clip.audioBase64, 'base64')));
    expect(clip.seconds).toBeCloseTo(wav.seconds, 6);
    const pcm = await callerFor(a.owner).assistant.tts({
      input: 'Raw samples.',
      voice: 'alloy',
      model: 'tts-1',
      response_format: 'pcm',
    });
    expect(pcm.contentType).toBe('audio/pcm');
    expect(Buffer.from(pcm.audioBase64, 'base64').byteLength).toBe(
      Math.round(pcm.seconds * pcm.sampleRate * 2),
    );
  });

  it('refuses bad input before any speech is made, and texts longer than the console plays', async () => {
    const owner = callerFor(a.owner);
    const base = { input: 'Hi', voice: 'alloy' as const, model: 'tts-1' as const };
    expect(await trpcCode(owner.assistant.tts({ ...base, input: 'x'.repeat(1001) }))).toBe(
      'BAD_REQUEST',
    );
    expect(await trpcCode(owner.assistant.tts({ ...base, response_format: 'mp3' as 'wav' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await trpcCode(owner.assistant.tts({ ...base, speed: 9 }))).toBe('BAD_REQUEST');
    expect(await trpcCode(owner.assistant.text({ text: ' ', language: 'en' }))).toBe('BAD_REQUEST');
  });

  it('field reps may not use it; signed-out callers are refused', async () => {
    const rep = callerFor(await addPerson(a, 'REP'));
    expect(await trpcCode(rep.assistant.text({ text: 'Hi', language: 'en' }))).toBe('FORBIDDEN');
    expect(await trpcCode(rep.assistant.tts({ input: 'Hi', voice: 'alloy', model: 'tts-1' }))).toBe(
      'FORBIDDEN',
    );
    expect(await trpcCode(callerFor(null).assistant.text({ text: 'Hi', language: 'en' }))).toBe(
      'UNAUTHORIZED',
    );
  });

  it('text answers with the channel "console" and echoes the call id', async () => {
    const answer = await callerFor(a.owner).assistant.text({
      text: 'Anything?',
      language: 'ru',
      call_id: 'console-1',
    });
    expect(answer).toMatchObject({ known: false, answerer: 'builtin', callId: 'console-1' });
    expect(answer.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
