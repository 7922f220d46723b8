// The simulator's own record of its calls (simulator_twilio_calls): written by the call driver as
// a call rings, is answered and ends; read back by its Calls API, as Twilio's would answer.
import { getPool } from '../../db/client';

export type SimulatedCallRow = {
  sid: string;
  account_sid: string;
  from: string;
  to: string;
  status: string;
  start_time: Date | null;
  end_time: Date | null;
  duration: number | null;
  created_at: Date;
  updated_at: Date;
};

export async function recordCallStarted(call: {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  at: Date;
}): Promise<void> {
  await getPool().query(
    `INSERT INTO simulator_twilio_calls (sid, account_sid, "from", "to", status, start_time, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'in-progress', $5, $5, $5)
     ON CONFLICT (sid) DO NOTHING`,
    [call.callSid, call.accountSid, call.from.slice(0, 64), call.to.slice(0, 64), call.at],
  );
}

export async function recordCallEnded(call: {
  callSid: string;
  status: string;
  at: Date;
  durationSeconds: number;
}): Promise<void> {
  await getPool().query(
    `UPDATE simulator_twilio_calls SET status = $2, end_time = $3, duration = $4, updated_at = $3 WHERE sid = $1`,
    [call.callSid, call.status, call.at, call.durationSeconds],
  );
}

export async function loadSimulatedCall(
  accountSid: string,
  sid: string,
): Promise<SimulatedCallRow | null> {
  const { rows } = await getPool().query<SimulatedCallRow>(
    `SELECT sid, account_sid, "from", "to", status, start_time, end_time, duration, created_at, updated_at
       FROM simulator_twilio_calls WHERE sid = $1 AND account_sid = $2`,
    [sid, accountSid],
  );
  return rows[0] ?? null;
}
