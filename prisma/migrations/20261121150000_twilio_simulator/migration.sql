-- The local Twilio simulator's own log: one row per message its API accepted (what Twilio's
-- Messages list would show). It stands for Twilio's side of the wire, so it is NOT tenant data:
-- no tenant_id, no RLS. Fault drills read it to prove "exactly one send per recipient" by
-- counting rows per (to, body_sha256); that pair is indexed but deliberately NOT unique — like
-- Twilio, the simulator accepts a duplicate send, so duplicates stay visible instead of being
-- hidden by a constraint.
CREATE TABLE "simulator_twilio_messages" (
  "sid"                   TEXT NOT NULL,
  "account_sid"           TEXT NOT NULL,
  "to"                    TEXT NOT NULL,
  "from"                  TEXT,
  "messaging_service_sid" TEXT,
  -- the body itself is not kept (PII); its hash identifies duplicates, its length sizes it
  "body_sha256"           TEXT NOT NULL,
  "body_length"           INTEGER NOT NULL,
  "num_segments"          INTEGER NOT NULL,
  -- latest status reported through the callbacks: queued/accepted → sent → delivered/undelivered/failed
  "status"                TEXT NOT NULL,
  "final_status"          TEXT NOT NULL,
  "error_code"            INTEGER,
  "status_callback"       TEXT,
  "created_at"            TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"            TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "simulator_twilio_messages_pkey" PRIMARY KEY ("sid"),
  -- Twilio's id formats: SM + 32 hex, AC + 32 hex
  CONSTRAINT "simulator_twilio_messages_sid_format" CHECK ("sid" ~ '^SM[0-9a-f]{32}$'),
  CONSTRAINT "simulator_twilio_messages_account_format" CHECK ("account_sid" ~ '^AC[0-9a-fA-F]{32}$'),
  -- a message has a sender: a number or a messaging service
  CONSTRAINT "simulator_twilio_messages_sender" CHECK ("from" IS NOT NULL OR "messaging_service_sid" IS NOT NULL),
  CONSTRAINT "simulator_twilio_messages_body_length" CHECK ("body_length" BETWEEN 1 AND 1600),
  CONSTRAINT "simulator_twilio_messages_segments" CHECK ("num_segments" >= 1),
  CONSTRAINT "simulator_twilio_messages_status" CHECK ("status" IN ('queued', 'accepted', 'sending', 'sent', 'delivered', 'undelivered', 'failed')),
  CONSTRAINT "simulator_twilio_messages_final_status" CHECK ("final_status" IN ('delivered', 'undelivered', 'failed'))
);
-- the drill's duplicate check: rows per recipient number and body
CREATE INDEX "simulator_twilio_messages_to_body_sha256_idx" ON "simulator_twilio_messages"("to", "body_sha256");
CREATE INDEX "simulator_twilio_messages_created_at_idx" ON "simulator_twilio_messages"("created_at");
