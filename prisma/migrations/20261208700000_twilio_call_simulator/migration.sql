-- The local Twilio simulator's calls: what its Calls API (GET …/Calls/{CallSid}.json) answers,
-- written by the simulator's call driver (src/server/simulators/twilio/voice-call.ts) as a call
-- rings, is answered and ends. Like simulator_twilio_messages it stands for Twilio's side of the
-- wire, so it is NOT tenant data: no tenant_id, no RLS.
CREATE TABLE "simulator_twilio_calls" (
  "sid"            TEXT NOT NULL,
  "account_sid"    TEXT NOT NULL,
  "from"           TEXT NOT NULL,
  "to"             TEXT NOT NULL,
  "status"         TEXT NOT NULL,
  "start_time"     TIMESTAMPTZ(3),
  "end_time"       TIMESTAMPTZ(3),
  "duration"       INTEGER,
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "simulator_twilio_calls_pkey" PRIMARY KEY ("sid"),
  CONSTRAINT "simulator_twilio_calls_sid_format" CHECK ("sid" ~ '^CA[0-9a-fA-F]{32}$'),
  CONSTRAINT "simulator_twilio_calls_account_format" CHECK ("account_sid" ~ '^AC[0-9a-fA-F]{32}$'),
  CONSTRAINT "simulator_twilio_calls_status" CHECK ("status" IN ('queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled')),
  CONSTRAINT "simulator_twilio_calls_lengths" CHECK (length("from") <= 64 AND length("to") <= 64)
);
CREATE INDEX "simulator_twilio_calls_created_at_idx" ON "simulator_twilio_calls"("created_at");
