// Reading the simulator's message log back: its Messages list, one message, a status change.
import { getPool } from '../../db/client';
import type { ListedMessage } from './answers';

/** The simulator's Messages list: newest first, optionally to one number. */
export async function listSimulatedMessages(
  accountSid: string,
  filter: { to: string | null; limit: number },
): Promise<ListedMessage[]> {
  const { rows } = await getPool().query<ListedMessage>(
    `SELECT sid, account_sid, "to", "from", messaging_service_sid, body, num_segments, status, error_code, created_at, updated_at
       FROM simulator_twilio_messages
      WHERE account_sid = $1 AND ($2::text IS NULL OR "to" = $2)
      ORDER BY created_at DESC, sid DESC LIMIT $3`,
    [accountSid, filter.to, filter.limit],
  );
  return rows;
}

export type SimulatedMessageRow = {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  status: string;
  finalStatus: string;
  errorCode: number | null;
  statusCallback: string | null;
};

export async function loadSimulatedMessage(sid: string): Promise<SimulatedMessageRow | null> {
  const { rows } = await getPool().query<SimulatedMessageRow>(
    `SELECT sid, account_sid AS "accountSid", "to", "from", messaging_service_sid AS "messagingServiceSid", status,
            final_status AS "finalStatus", error_code AS "errorCode", status_callback AS "statusCallback"
       FROM simulator_twilio_messages WHERE sid = $1`,
    [sid],
  );
  return rows[0] ?? null;
}

export async function recordSimulatedStatus(sid: string, status: string): Promise<void> {
  await getPool().query(
    'UPDATE simulator_twilio_messages SET status = $2, updated_at = now() WHERE sid = $1',
    [sid, status],
  );
}
