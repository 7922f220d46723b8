// The simulator's log of accepted messages (simulator_twilio_messages, which drills count),
// written in the same statement that enqueues their status callbacks (simulator.twilio-status):
// no row without its callbacks, no callbacks without a row.
import { createHash } from 'node:crypto';
import { getEnv } from '../../env';
import { getPool } from '../../db/client';
import { taskDefinitions } from '../../jobs/definitions';

export type LogInput = {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  numSegments: number;
  status: string;
  finalStatus: string;
  errorCode: number | null;
  statusCallback: string | null;
  now: Date;
};

// Sends arriving together (a campaign has dozens in flight) are logged together: one statement
// writes their rows and one callback job for the group, instead of a statement and a job each.
// A send still answers only after its row is committed, exactly as before.
const MAX_GROUP = 500;
let group: { row: LogInput; done: (error?: Error) => void }[] = [];
let flushScheduled = false;

export function logAndSchedule(m: LogInput): Promise<void> {
  return new Promise((resolve, reject) => {
    group.push({ row: m, done: (error) => (error ? reject(error) : resolve()) });
    if (group.length >= MAX_GROUP) void flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(() => void flush());
    }
  });
}

async function flush(): Promise<void> {
  flushScheduled = false;
  const batch = group;
  group = [];
  if (batch.length === 0) return;
  try {
    await writeGroup(batch.map((b) => b.row));
    for (const b of batch) b.done();
  } catch (error) {
    const failure =
      error instanceof Error ? error : new Error('the simulator could not log the messages');
    for (const b of batch) b.done(failure);
  }
}

/** One statement (one implicit transaction): the rows, and one callback job for those with a callback URL. */
async function writeGroup(rows: LogInput[]): Promise<void> {
  const definition = taskDefinitions['simulator.twilio-status'];
  const col = <K extends keyof LogInput>(k: K) => rows.map((r) => r[k]);
  await getPool().query(
    `WITH logged AS (
       INSERT INTO simulator_twilio_messages
         (sid, account_sid, "to", "from", messaging_service_sid, body_sha256, body_length, num_segments, status, final_status, error_code, status_callback, created_at, updated_at, body)
       SELECT r.sid, r.account_sid, r.to_, r.from_, r.msid, r.sha, r.len, r.segs, r.status, r.final_status, r.error_code, r.callback, r.created, r.created, r.body
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[], $11::int[], $12::text[], $13::timestamptz[], $14::text[])
              AS r(sid, account_sid, to_, from_, msid, sha, len, segs, status, final_status, error_code, callback, created, body)
       RETURNING sid, status_callback)
     SELECT app_add_job('simulator.twilio-status', json_build_object('sids', array_agg(sid ORDER BY sid), '_meta', json_build_object()),
                        NULL, now() + $15::int * interval '1 millisecond', $16::int, 'simulator.twilio-status:' || min(sid), NULL, 'unsafe_dedupe')
       FROM logged WHERE status_callback IS NOT NULL HAVING count(*) > 0`,
    [
      col('sid'),
      col('accountSid'),
      col('to'),
      col('from'),
      col('messagingServiceSid'),
      rows.map((r) => createHash('sha256').update(r.body).digest('hex')),
      rows.map((r) => r.body.length),
      col('numSegments'),
      col('status'),
      col('finalStatus'),
      col('errorCode'),
      col('statusCallback'),
      col('now'),
      col('body'),
      getEnv().SIM_TWILIO_STATUS_DELAY_MS,
      definition.maxAttempts,
    ],
  );
}
