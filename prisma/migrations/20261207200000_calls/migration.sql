-- Voice: a tenant's phone lines, the calls they receive, each call's turns (the transcript) and
-- its status callbacks (the timeline). Twilio's callbacks arrive out of order and twice, so the
-- call's state is derived from call_status_events (unique per call + SequenceNumber) by rank,
-- with terminal states sticky (src/server/domain/calls/status.ts).

CREATE TABLE "voice_lines" (
  "id"              UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"       UUID NOT NULL,
  "phone"           TEXT NOT NULL,
  "label"           TEXT NOT NULL,
  "greeting"        TEXT NOT NULL,
  "language"        TEXT NOT NULL,
  "fallback_phone"  TEXT,
  "time_zone"       TEXT NOT NULL DEFAULT 'UTC',
  -- ISO weekdays (1 = Monday) and local "HH:MM" opening hours; outside them a transfer is voicemail
  "open_days"       INTEGER[] NOT NULL DEFAULT '{1,2,3,4,5}',
  "opens_at"        TEXT NOT NULL DEFAULT '09:00',
  "closes_at"       TEXT NOT NULL DEFAULT '17:00',
  "created_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "voice_lines_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "voice_lines_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "voice_lines_phone_e164" CHECK ("phone" ~ '^\+[1-9][0-9]{7,14}$'),
  CONSTRAINT "voice_lines_fallback_e164" CHECK ("fallback_phone" IS NULL OR "fallback_phone" ~ '^\+[1-9][0-9]{7,14}$'),
  CONSTRAINT "voice_lines_language" CHECK ("language" IN ('en', 'ru', 'uk', 'sk')),
  CONSTRAINT "voice_lines_hours" CHECK ("opens_at" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "closes_at" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  CONSTRAINT "voice_lines_lengths" CHECK (length("label") BETWEEN 1 AND 100 AND length("greeting") BETWEEN 1 AND 500 AND length("time_zone") BETWEEN 1 AND 64)
);
-- a call to a number finds one line of the tenant whose connection received it
CREATE UNIQUE INDEX "voice_lines_tenant_id_phone_key" ON "voice_lines"("tenant_id", "phone");
SELECT app_protect_tenant_table('voice_lines');

CREATE TABLE "calls" (
  "id"                 UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"          UUID NOT NULL,
  "call_sid"           TEXT NOT NULL,
  "line_id"            UUID,
  "from_phone"         TEXT,
  "to_phone"           TEXT,
  "direction"          TEXT NOT NULL DEFAULT 'inbound',
  "status"             TEXT NOT NULL DEFAULT 'ringing',
  "outcome"            TEXT,
  -- what the assistant did, set by the TwiML path; the outcome is derived from them at the end
  "transferred"        BOOLEAN NOT NULL DEFAULT false,
  "voicemail"          BOOLEAN NOT NULL DEFAULT false,
  "dont_know_streak"   INTEGER NOT NULL DEFAULT 0,
  "recording_url"      TEXT,
  "recording_seconds"  INTEGER,
  "answered_at"        TIMESTAMPTZ(3),
  "ended_at"           TIMESTAMPTZ(3),
  "duration_seconds"   INTEGER,
  "last_event_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "reconciled_at"      TIMESTAMPTZ(3),
  "created_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "calls_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "calls_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "calls_line_id_fkey" FOREIGN KEY ("line_id") REFERENCES "voice_lines"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "calls_call_sid_format" CHECK ("call_sid" ~ '^CA[0-9a-fA-F]{32}$'),
  CONSTRAINT "calls_phones_e164" CHECK (("from_phone" IS NULL OR "from_phone" ~ '^\+[1-9][0-9]{7,14}$') AND ("to_phone" IS NULL OR "to_phone" ~ '^\+[1-9][0-9]{7,14}$')),
  CONSTRAINT "calls_status" CHECK ("status" IN ('queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled')),
  CONSTRAINT "calls_outcome" CHECK ("outcome" IS NULL OR "outcome" IN ('answered-by-assistant', 'transferred', 'voicemail', 'abandoned', 'failed')),
  CONSTRAINT "calls_direction" CHECK ("direction" IN ('inbound', 'outbound-api', 'outbound-dial'))
);
-- one Call per CallSid (per tenant: the tenant comes from the connection that received it)
CREATE UNIQUE INDEX "calls_tenant_id_call_sid_key" ON "calls"("tenant_id", "call_sid");
CREATE INDEX "calls_tenant_id_created_at_id_idx" ON "calls"("tenant_id", "created_at", "id");
-- the reconciler's scan: calls not yet terminal, oldest event first
CREATE INDEX "calls_open_idx" ON "calls"("last_event_at") WHERE "outcome" IS NULL;
SELECT app_protect_tenant_table('calls');

CREATE TABLE "call_turns" (
  "id"             UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"      UUID NOT NULL,
  "call_id"        UUID NOT NULL,
  "turn"           INTEGER NOT NULL,
  "caller_text"    TEXT NOT NULL,
  "digits"         TEXT,
  "confidence"     DOUBLE PRECISION,
  -- pending while the answer is computed; then answered, unknown (don't know), transfer or failed
  "status"         TEXT NOT NULL DEFAULT 'pending',
  "answer_text"    TEXT,
  "sources"        JSONB NOT NULL DEFAULT '[]',
  "answerer"       TEXT,
  "fell_back"      BOOLEAN NOT NULL DEFAULT false,
  "latency_ms"     INTEGER,
  "held"           BOOLEAN NOT NULL DEFAULT false,
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "answered_at"    TIMESTAMPTZ(3),
  CONSTRAINT "call_turns_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "call_turns_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "call_turns_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "call_turns_status" CHECK ("status" IN ('pending', 'answered', 'unknown', 'transfer', 'failed')),
  CONSTRAINT "call_turns_lengths" CHECK (length("caller_text") <= 4000 AND ("digits" IS NULL OR "digits" ~ '^[0-9*#]{1,32}$')),
  CONSTRAINT "call_turns_confidence" CHECK ("confidence" IS NULL OR ("confidence" >= 0 AND "confidence" <= 1))
);
-- a turn is keyed by its call and number: Twilio's retry of a Gather finds the same turn
CREATE UNIQUE INDEX "call_turns_call_id_turn_key" ON "call_turns"("call_id", "turn");
CREATE INDEX "call_turns_tenant_id_idx" ON "call_turns"("tenant_id");
SELECT app_protect_tenant_table('call_turns');

CREATE TABLE "call_status_events" (
  "id"               UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"        UUID NOT NULL,
  "call_id"          UUID NOT NULL,
  "sequence_number"  INTEGER NOT NULL,
  "status"           TEXT NOT NULL,
  "occurred_at"      TIMESTAMPTZ(3) NOT NULL,
  "duration_seconds" INTEGER,
  "source"           TEXT NOT NULL DEFAULT 'callback',
  "received_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "call_status_events_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "call_status_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "call_status_events_call_id_fkey" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "call_status_events_status" CHECK ("status" IN ('queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled')),
  CONSTRAINT "call_status_events_source" CHECK ("source" IN ('callback', 'reconciler'))
);
-- a duplicated callback changes nothing: one row per (call, SequenceNumber)
CREATE UNIQUE INDEX "call_status_events_call_id_sequence_number_key" ON "call_status_events"("call_id", "sequence_number");
CREATE INDEX "call_status_events_tenant_id_idx" ON "call_status_events"("tenant_id");
SELECT app_protect_tenant_table('call_status_events');
