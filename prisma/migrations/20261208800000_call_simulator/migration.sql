-- The console's call simulator: the state of each simulated call between the console's requests
-- (the Twilio simulator's call driver keeps its call as a plain JSON value, see
-- src/server/simulators/twilio/voice-call.ts). Tenant data: who placed it, on which line, under
-- RLS, so one tenant can neither read nor drive another's simulated call.
CREATE TABLE "simulated_calls" (
  "id"           UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"    UUID NOT NULL,
  "line_id"      UUID,
  "call_sid"     TEXT NOT NULL,
  "state"        JSONB NOT NULL,
  -- a step (say, digits, hang up) posts to our webhook outside any transaction; this lease keeps
  -- two steps of one call from running at once (a second one is refused, not interleaved)
  "busy_until"   TIMESTAMPTZ(3),
  "created_by"   UUID,
  "created_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "simulated_calls_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "simulated_calls_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "simulated_calls_line_id_fkey" FOREIGN KEY ("line_id") REFERENCES "voice_lines"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "simulated_calls_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "simulated_calls_call_sid_format" CHECK ("call_sid" ~ '^CA[0-9a-fA-F]{32}$'),
  -- the driver's state stays small: a call's exchanges are bounded by the console's turn limit
  CONSTRAINT "simulated_calls_state_size" CHECK (pg_column_size("state") <= 262144)
);
-- one simulated call per CallSid, as Twilio has one call per CallSid
CREATE UNIQUE INDEX "simulated_calls_tenant_id_call_sid_key" ON "simulated_calls"("tenant_id", "call_sid");
CREATE INDEX "simulated_calls_tenant_id_created_at_idx" ON "simulated_calls"("tenant_id", "created_at");
SELECT app_protect_tenant_table('simulated_calls');
