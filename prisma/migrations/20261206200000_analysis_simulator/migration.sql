-- The local call-analysis simulator's own state: the jobs its API accepted, how it was told to
-- behave, and every callback it posted. It stands for the provider's side of the wire, so it is
-- NOT tenant data (no tenant_id, no RLS), like simulator_twilio_messages. Kept in Postgres so a
-- killed worker or web process loses nothing of it; the analysis-race drill counts from it.

CREATE TABLE "simulator_analysis_jobs" (
  "id"               TEXT NOT NULL,
  -- the caller's Idempotency-Key: a retried create answers the job the first one made
  "idempotency_key"  TEXT NOT NULL,
  "recording_id"     TEXT NOT NULL,
  "tag"              TEXT,
  "callback_url"     TEXT NOT NULL,
  "audio_sha256"     TEXT NOT NULL,
  "audio_size"       INTEGER NOT NULL,
  "content_type"     TEXT NOT NULL,
  -- what the job ends as; it reads as 'processing' until completes_at
  "final_status"     TEXT NOT NULL,
  "result"           JSONB,
  "output_hash"      TEXT,
  "error"            TEXT,
  -- the behaviour in force when the job was made (delay, drop, duplicates, reorder)
  "behaviour"        JSONB NOT NULL,
  "created_at"       TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "completes_at"     TIMESTAMPTZ(3) NOT NULL,
  -- callbacks planned (0 when dropped; 1 + duplicates otherwise)
  "callbacks_planned" INTEGER NOT NULL,
  CONSTRAINT "simulator_analysis_jobs_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "simulator_analysis_jobs_id_format" CHECK ("id" ~ '^aj_[0-9a-f]{24}$'),
  CONSTRAINT "simulator_analysis_jobs_final_status" CHECK ("final_status" IN ('completed', 'failed')),
  -- a completed job has its result and hash; a failed one its error
  CONSTRAINT "simulator_analysis_jobs_outcome" CHECK (
    ("final_status" = 'completed' AND "result" IS NOT NULL AND "output_hash" ~ '^[0-9a-f]{64}$')
    OR ("final_status" = 'failed' AND "error" IS NOT NULL)),
  CONSTRAINT "simulator_analysis_jobs_audio_sha256" CHECK ("audio_sha256" ~ '^[0-9a-f]{64}$'),
  CONSTRAINT "simulator_analysis_jobs_callbacks_planned" CHECK ("callbacks_planned" >= 0)
);
-- one job per idempotency key, whatever the races between retried creates
CREATE UNIQUE INDEX "simulator_analysis_jobs_idempotency_key_key" ON "simulator_analysis_jobs"("idempotency_key");
CREATE INDEX "simulator_analysis_jobs_recording_id_idx" ON "simulator_analysis_jobs"("recording_id");

-- How the simulator behaves: '*' for everything, 'tag:<tag>' per tenant, 'recording:<id>' per job.
CREATE TABLE "simulator_analysis_behaviours" (
  "scope"      TEXT NOT NULL,
  "settings"   JSONB NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "simulator_analysis_behaviours_pkey" PRIMARY KEY ("scope"),
  CONSTRAINT "simulator_analysis_behaviours_scope" CHECK ("scope" = '*' OR "scope" ~ '^(tag|recording):.{1,100}$')
);

-- Every callback POST the simulator made (one row per copy; attempts counts its retries).
CREATE TABLE "simulator_analysis_callbacks" (
  "job_id"       TEXT NOT NULL,
  "copy"         INTEGER NOT NULL,
  "webhook_id"   TEXT NOT NULL,
  "attempts"     INTEGER NOT NULL DEFAULT 1,
  "http_status"  INTEGER NOT NULL,
  "posted_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "simulator_analysis_callbacks_pkey" PRIMARY KEY ("job_id", "copy"),
  CONSTRAINT "simulator_analysis_callbacks_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "simulator_analysis_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
