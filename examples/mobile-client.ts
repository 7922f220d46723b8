// A mobile app or script talking to Switchboard: the plain tRPC client with a bearer API token
// (create one in the console under API tokens). Fully typed from the server's router.
//
//   SWITCHBOARD_URL=http://localhost:3000 SWITCHBOARD_TOKEN=sbt_... npx tsx examples/mobile-client.ts
//
// With a field rep's token it does the rep's day: today's appointments (SWITCHBOARD_DAY=YYYY-MM-DD
// and SWITCHBOARD_TIME_ZONE to choose), then for the first one whose lead agreed to be recorded:
// start the recording, upload the audio (RECORDING_FILE, or a second of generated silence) and
// stop. Each mutation carries an Idempotency-Key, kept for its retries: a phone on a bad network
// resends the same key and gets the first answer, never a second recording.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../src/server/trpc/root';

const baseUrl = process.env.SWITCHBOARD_URL ?? 'http://localhost:3000';
const token = process.env.SWITCHBOARD_TOKEN;
if (!token) {
  console.error('Set SWITCHBOARD_TOKEN to an API token (Console → API tokens).');
  process.exit(2);
}

const client = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: `${baseUrl}/api/trpc`,
      headers: ({ op }) => ({
        authorization: `Bearer ${token}`,
        ...(typeof op.context.idempotencyKey === 'string'
          ? { 'idempotency-key': op.context.idempotencyKey }
          : {}),
      }),
    }),
  ],
});

/** Runs a mutation with one Idempotency-Key, kept for its retries. */
async function idempotent<T>(
  name: string,
  call: (context: { idempotencyKey: string }) => Promise<T>,
): Promise<T> {
  const context = { idempotencyKey: `${name}-${randomUUID()}` };
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(context);
    } catch (error) {
      // A network error, or the first try still running / the resource busy: same key again.
      const retryable =
        !(error instanceof TRPCClientError) || /in progress|busy/.test(error.message);
      if (!retryable || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** A second of 8 kHz 8-bit mono silence as a WAV file, when no RECORDING_FILE is given. */
function silentWav(): Uint8Array {
  const samples = 8000;
  const wav = Buffer.alloc(44 + samples, 0x80);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(8000, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  return new Uint8Array(wav);
}

const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  webm: 'audio/webm',
  ogg: 'audio/ogg',
};

/** Streams the audio to the upload endpoint with its SHA-256, so a damaged upload is refused. */
async function uploadAudio(sessionId: string): Promise<unknown> {
  const file = process.env.RECORDING_FILE;
  const bytes = file ? null : silentWav();
  const sha256 = file
    ? createHash('sha256')
        .update(await readFile(file))
        .digest('hex')
    : createHash('sha256').update(bytes!).digest('hex');
  const body = file
    ? (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>)
    : bytes!;
  const extension = file?.split('.').pop()?.toLowerCase() ?? 'wav';
  const response = await fetch(`${baseUrl}/api/v1/recordings/${sessionId}/audio`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': CONTENT_TYPES[extension] ?? 'audio/wav',
      'content-sha256': sha256,
      ...(file ? {} : { 'x-recording-duration-ms': '1000' }),
    },
    body,
    duplex: 'half',
  } as RequestInit);
  const answer: unknown = await response.json();
  if (!response.ok)
    throw new Error(`upload refused (${response.status}): ${(answer as { error?: string }).error}`);
  return answer;
}

const me = await client.me.get.query();
console.log(`signed in as ${me.user.name} (${me.role}) in ${me.tenant.name}, via ${me.via}`);

const timeZone = process.env.SWITCHBOARD_TIME_ZONE ?? 'UTC';
const day =
  process.env.SWITCHBOARD_DAY ?? new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
const { items } = await client.rep.myAppointments.query({ day, timeZone });
console.log(`${items.length} appointment(s) on ${day} (${timeZone})`);
for (const a of items)
  console.log(
    `  ${a.startsAt} ${a.address} — ${a.lead.name ?? 'lead'} (${a.status}, consent ${a.lead.recordingConsent})`,
  );

const visit = items.find(
  (a) => a.lead.recordingConsent === 'GRANTED' && !a.activeRecording && !a.recorded,
);
if (!visit) {
  console.log('nothing to record today');
  process.exit(0);
}
const { session } = await idempotent('start', (context) =>
  client.recordings.start.mutate({ appointmentId: visit.id }, { context }),
);
console.log(`recording ${session.id} started (${session.status})`);
const uploaded = (await uploadAudio(session.id)) as {
  status: string;
  audio: { sizeBytes: number };
};
console.log(`uploaded ${uploaded.audio.sizeBytes} bytes (${uploaded.status})`);
const stopped = await idempotent('stop', (context) =>
  client.recordings.stop.mutate({ sessionId: session.id }, { context }),
);
console.log(`recording ${stopped.session.id} stopped (${stopped.session.status})`);
