-- The local OpenAI-compatible chat-completions simulator's own state: how it was told to behave
-- (normal, slow, failing, malformed), for everything ('*') or for one `user` (the answerer sends
-- the tenant id there). It stands for the provider's side of the wire, so it is NOT tenant data
-- (no tenant_id, no RLS), like simulator_analysis_behaviours. Kept in Postgres so a test, the
-- console and the web process that serves the simulator all read the same setting.
CREATE TABLE "simulator_openai_behaviours" (
  "scope"      TEXT NOT NULL,
  "settings"   JSONB NOT NULL,
  -- how many more requests the behaviour applies to (then it is spent and "normal" answers);
  -- NULL: until cleared
  "remaining"  INTEGER,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "simulator_openai_behaviours_pkey" PRIMARY KEY ("scope"),
  CONSTRAINT "simulator_openai_behaviours_scope" CHECK ("scope" = '*' OR "scope" ~ '^user:.{1,100}$'),
  CONSTRAINT "simulator_openai_behaviours_remaining" CHECK ("remaining" IS NULL OR "remaining" >= 0)
);
