-- Field sales: leads, appointments, their assignment to reps, recorded visits and the tables the
-- outside call analysis fills. The rules the product relies on are kept here, each one said where
-- it is written: one active assignment per appointment, no rep on two overlapping live
-- appointments, one active recording per appointment, one analysis job per recording.

-- The exclusion constraint over (tenant, rep, time range) needs equality on uuid inside GiST.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'CONTACTED', 'APPOINTMENT_SET', 'WON', 'LOST');
CREATE TYPE "LeadSource" AS ENUM ('WEB', 'REFERRAL', 'PHONE', 'EVENT', 'IMPORT', 'OTHER');
-- Who set a lead's status: SYSTEM (created, or moved on by booking an appointment), a PERSON in
-- the console (never overwritten by analysis), or ANALYSIS (only by a newer analysis result).
CREATE TYPE "LeadStatusSetter" AS ENUM ('SYSTEM', 'PERSON', 'ANALYSIS');
CREATE TYPE "RecordingConsent" AS ENUM ('UNKNOWN', 'GRANTED', 'WITHDRAWN');
CREATE TYPE "AppointmentStatus" AS ENUM ('SCHEDULED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'NO_SHOW');
CREATE TYPE "AssignmentEndReason" AS ENUM ('REASSIGNED', 'UNASSIGNED', 'CANCELLED');
CREATE TYPE "RecordingStatus" AS ENUM ('PENDING', 'RECORDING', 'UPLOADED', 'ANALYSING', 'ANALYSED', 'FAILED', 'ABANDONED');
CREATE TYPE "AnalysisJobStatus" AS ENUM ('PENDING', 'SUBMITTED', 'COMPLETED', 'FAILED');

CREATE TABLE "leads" (
  "id"                      UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"               UUID NOT NULL,
  "contact_id"              UUID NOT NULL,
  "source"                  "LeadSource" NOT NULL,
  "status"                  "LeadStatus" NOT NULL DEFAULT 'NEW',
  "status_set_by"           "LeadStatusSetter" NOT NULL DEFAULT 'SYSTEM',
  "status_set_by_id"        UUID,
  "status_set_at"           TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  -- the provider's time of the analysis result the status came from: an older result never
  -- overwrites a newer one (domain/leads/apply-analysis-outcome.ts compares against it)
  "status_result_at"        TIMESTAMPTZ(3),
  "recording_consent"       "RecordingConsent" NOT NULL DEFAULT 'UNKNOWN',
  "recording_consent_at"    TIMESTAMPTZ(3),
  "recording_consent_by_id" UUID,
  "notes"                   TEXT,
  "created_by_id"           UUID,
  "created_at"              TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"              TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "leads_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "leads_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "leads_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "leads_status_set_by_id_fkey" FOREIGN KEY ("status_set_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "leads_recording_consent_by_id_fkey" FOREIGN KEY ("recording_consent_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "leads_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  -- a status from analysis always says which result (by its time) it came from
  CONSTRAINT "leads_analysis_status_has_result_time" CHECK ("status_set_by" <> 'ANALYSIS' OR "status_result_at" IS NOT NULL),
  -- a recorded consent decision always says when it was taken
  CONSTRAINT "leads_recording_consent_dated" CHECK ("recording_consent" = 'UNKNOWN' OR "recording_consent_at" IS NOT NULL),
  CONSTRAINT "leads_notes_length" CHECK ("notes" IS NULL OR length("notes") <= 2000)
);
-- composite key for the tenant-checked foreign keys below (a row never points into another tenant)
CREATE UNIQUE INDEX "leads_tenant_id_id_key" ON "leads"("tenant_id", "id");
CREATE INDEX "leads_tenant_id_created_at_id_idx" ON "leads"("tenant_id", "created_at", "id");
CREATE INDEX "leads_contact_id_idx" ON "leads"("contact_id");

CREATE TABLE "appointments" (
  "id"            UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"     UUID NOT NULL,
  "lead_id"       UUID NOT NULL,
  "starts_at"     TIMESTAMPTZ(3) NOT NULL,
  "ends_at"       TIMESTAMPTZ(3) NOT NULL,
  "address"       TEXT NOT NULL,
  "notes"         TEXT,
  "status"        "AppointmentStatus" NOT NULL DEFAULT 'SCHEDULED',
  "created_by_id" UUID,
  "created_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "appointments_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "appointments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "appointments_lead_fkey" FOREIGN KEY ("tenant_id", "lead_id") REFERENCES "leads"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "appointments_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  -- the time range is tstzrange(starts_at, ends_at, '[)'): non-empty, at most a day
  CONSTRAINT "appointments_range_valid" CHECK ("starts_at" < "ends_at" AND "ends_at" - "starts_at" <= interval '24 hours'),
  CONSTRAINT "appointments_address_length" CHECK (length("address") BETWEEN 1 AND 300),
  CONSTRAINT "appointments_notes_length" CHECK ("notes" IS NULL OR length("notes") <= 2000)
);
-- target of the assignments' foreign key: an assignment carries its appointment's range (for the
-- exclusion constraint) and follows a reschedule by ON UPDATE CASCADE, re-checked by it
CREATE UNIQUE INDEX "appointments_tenant_id_id_starts_at_ends_at_key" ON "appointments"("tenant_id", "id", "starts_at", "ends_at");
CREATE UNIQUE INDEX "appointments_tenant_id_id_key" ON "appointments"("tenant_id", "id");
-- the board reads a tenant's appointments by time
CREATE INDEX "appointments_tenant_id_starts_at_idx" ON "appointments"("tenant_id", "starts_at");
CREATE INDEX "appointments_tenant_id_lead_id_idx" ON "appointments"("tenant_id", "lead_id");

CREATE TABLE "appointment_assignments" (
  "id"             UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"      UUID NOT NULL,
  "appointment_id" UUID NOT NULL,
  "starts_at"      TIMESTAMPTZ(3) NOT NULL,
  "ends_at"        TIMESTAMPTZ(3) NOT NULL,
  "rep_id"         UUID NOT NULL,
  "assigned_by_id" UUID,
  "active"         BOOLEAN NOT NULL DEFAULT true,
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "ended_at"       TIMESTAMPTZ(3),
  "ended_by_id"    UUID,
  "end_reason"     "AssignmentEndReason",
  CONSTRAINT "appointment_assignments_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "appointment_assignments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "appointment_assignments_appointment_fkey" FOREIGN KEY ("tenant_id", "appointment_id", "starts_at", "ends_at") REFERENCES "appointments"("tenant_id", "id", "starts_at", "ends_at") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "appointment_assignments_rep_id_fkey" FOREIGN KEY ("rep_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "appointment_assignments_assigned_by_id_fkey" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "appointment_assignments_ended_by_id_fkey" FOREIGN KEY ("ended_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  -- an active assignment has not ended; an ended one says when and why
  CONSTRAINT "appointment_assignments_end_consistent" CHECK (("active") = ("ended_at" IS NULL) AND ("ended_at" IS NULL) = ("end_reason" IS NULL)),
  -- no rep holds two overlapping live appointments. Half-open '[)' ranges, so back-to-back
  -- slots (10:00-11:00, 11:00-12:00) do not clash; ended assignments (unassigned, reassigned or
  -- the appointment cancelled) drop out of it. Raises 23P01, mapped to ConflictError naming the
  -- clashing appointment (domain/appointments/assign.ts)
  CONSTRAINT "appointment_assignments_rep_no_overlap" EXCLUDE USING gist (
    "tenant_id" WITH =, "rep_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&
  ) WHERE ("active")
);
-- at most one active assignment per appointment; history is kept in the inactive rows
CREATE UNIQUE INDEX "appointment_assignments_one_active" ON "appointment_assignments"("appointment_id") WHERE "active";
CREATE INDEX "appointment_assignments_tenant_id_appointment_id_created_at_idx" ON "appointment_assignments"("tenant_id", "appointment_id", "created_at");
CREATE INDEX "appointment_assignments_tenant_id_rep_id_starts_at_idx" ON "appointment_assignments"("tenant_id", "rep_id", "starts_at");

CREATE TABLE "recording_sessions" (
  "id"                 UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"          UUID NOT NULL,
  "appointment_id"     UUID NOT NULL,
  "rep_id"             UUID NOT NULL,
  "status"             "RecordingStatus" NOT NULL DEFAULT 'PENDING',
  "started_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "stopped_at"         TIMESTAMPTZ(3),
  "uploaded_at"        TIMESTAMPTZ(3),
  "ended_reason"       TEXT,
  "audio_key"          TEXT,
  "audio_size_bytes"   INTEGER,
  "audio_content_type" TEXT,
  "audio_sha256"       TEXT,
  "audio_duration_ms"  INTEGER,
  "created_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "recording_sessions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "recording_sessions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "recording_sessions_appointment_fkey" FOREIGN KEY ("tenant_id", "appointment_id") REFERENCES "appointments"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "recording_sessions_rep_id_fkey" FOREIGN KEY ("rep_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- the audio object is all there or not at all, and is there from UPLOADED on
  CONSTRAINT "recording_sessions_audio_whole" CHECK (
    ("audio_key" IS NULL) = ("audio_size_bytes" IS NULL) AND ("audio_key" IS NULL) = ("audio_content_type" IS NULL)
    AND ("audio_key" IS NULL) = ("audio_sha256" IS NULL) AND ("audio_key" IS NULL) = ("uploaded_at" IS NULL)),
  CONSTRAINT "recording_sessions_audio_when_uploaded" CHECK ("status" IN ('PENDING', 'RECORDING', 'ABANDONED') OR "audio_key" IS NOT NULL),
  CONSTRAINT "recording_sessions_audio_shape" CHECK (
    ("audio_size_bytes" IS NULL OR "audio_size_bytes" > 0) AND ("audio_sha256" IS NULL OR "audio_sha256" ~ '^[0-9a-f]{64}$')
    AND ("audio_duration_ms" IS NULL OR "audio_duration_ms" >= 0) AND ("audio_content_type" IS NULL OR length("audio_content_type") <= 100)
    AND ("audio_key" IS NULL OR length("audio_key") <= 300)),
  CONSTRAINT "recording_sessions_ended_reason_length" CHECK ("ended_reason" IS NULL OR length("ended_reason") <= 200)
);
-- at most one active (PENDING or RECORDING) session per appointment: the last word on racing
-- starts (domain/recordings/start.ts takes withLock first and answers the existing one)
CREATE UNIQUE INDEX "idx_recording_sessions_active_appointment" ON "recording_sessions"("appointment_id") WHERE "status" IN ('PENDING', 'RECORDING');
CREATE UNIQUE INDEX "recording_sessions_tenant_id_id_key" ON "recording_sessions"("tenant_id", "id");
CREATE INDEX "recording_sessions_tenant_id_appointment_id_created_at_idx" ON "recording_sessions"("tenant_id", "appointment_id", "created_at");
-- the reaper finds live sessions by age across tenants
CREATE INDEX "recording_sessions_live_started_at_idx" ON "recording_sessions"("started_at") WHERE "status" IN ('PENDING', 'RECORDING');

CREATE TABLE "analysis_jobs" (
  "id"                   UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"            UUID NOT NULL,
  "recording_session_id" UUID NOT NULL,
  "provider"             TEXT NOT NULL DEFAULT 'analysis',
  "provider_job_id"      TEXT,
  "status"               "AnalysisJobStatus" NOT NULL DEFAULT 'PENDING',
  "attempts"             INTEGER NOT NULL DEFAULT 0,
  -- SHA-256 of the provider output already applied: the same result by webhook and by polling
  -- is applied once
  "output_hash"          TEXT,
  "last_error"           TEXT,
  "submitted_at"         TIMESTAMPTZ(3),
  "last_checked_at"      TIMESTAMPTZ(3),
  "completed_at"         TIMESTAMPTZ(3),
  "created_at"           TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"           TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "analysis_jobs_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "analysis_jobs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "analysis_jobs_recording_session_fkey" FOREIGN KEY ("tenant_id", "recording_session_id") REFERENCES "recording_sessions"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "analysis_jobs_attempts_non_negative" CHECK ("attempts" >= 0),
  CONSTRAINT "analysis_jobs_output_hash_shape" CHECK ("output_hash" IS NULL OR "output_hash" ~ '^[0-9a-f]{64}$'),
  CONSTRAINT "analysis_jobs_submitted_has_id" CHECK ("status" = 'PENDING' OR "status" = 'FAILED' OR "provider_job_id" IS NOT NULL),
  CONSTRAINT "analysis_jobs_text_lengths" CHECK (length("provider") BETWEEN 1 AND 50 AND ("provider_job_id" IS NULL OR length("provider_job_id") <= 100) AND ("last_error" IS NULL OR length("last_error") <= 2000))
);
-- our row first, one per recording: a retried submit finds it
CREATE UNIQUE INDEX "analysis_jobs_recording_session_id_key" ON "analysis_jobs"("recording_session_id");
-- the provider's job id identifies one of our rows within the tenant (callbacks and polls look it up)
CREATE UNIQUE INDEX "analysis_jobs_tenant_id_provider_job_id_key" ON "analysis_jobs"("tenant_id", "provider_job_id");
CREATE UNIQUE INDEX "analysis_jobs_tenant_id_id_key" ON "analysis_jobs"("tenant_id", "id");
CREATE INDEX "analysis_jobs_status_updated_at_idx" ON "analysis_jobs"("status", "updated_at");

CREATE TABLE "analysis_results" (
  "id"                   UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"            UUID NOT NULL,
  "analysis_job_id"      UUID NOT NULL,
  "recording_session_id" UUID NOT NULL,
  "summary"              TEXT NOT NULL,
  "sentiment"            TEXT,
  "objections"           JSONB NOT NULL DEFAULT '[]',
  "next_steps"           JSONB NOT NULL DEFAULT '[]',
  "suggested_outcome"    "LeadStatus",
  "raw"                  JSONB NOT NULL DEFAULT '{}',
  "output_hash"          TEXT NOT NULL,
  "result_at"            TIMESTAMPTZ(3) NOT NULL,
  "created_at"           TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "analysis_results_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "analysis_results_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "analysis_results_analysis_job_fkey" FOREIGN KEY ("tenant_id", "analysis_job_id") REFERENCES "analysis_jobs"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "analysis_results_recording_session_fkey" FOREIGN KEY ("tenant_id", "recording_session_id") REFERENCES "recording_sessions"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "analysis_results_output_hash_shape" CHECK ("output_hash" ~ '^[0-9a-f]{64}$'),
  CONSTRAINT "analysis_results_lists" CHECK (jsonb_typeof("objections") = 'array' AND jsonb_typeof("next_steps") = 'array'),
  CONSTRAINT "analysis_results_text_lengths" CHECK (length("summary") <= 20000 AND ("sentiment" IS NULL OR length("sentiment") <= 50))
);
-- one result per analysis job (an applied output is never applied twice)
CREATE UNIQUE INDEX "analysis_results_analysis_job_id_key" ON "analysis_results"("analysis_job_id");
CREATE INDEX "analysis_results_tenant_id_recording_session_id_idx" ON "analysis_results"("tenant_id", "recording_session_id");

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY[
  'leads', 'appointments', 'appointment_assignments', 'recording_sessions', 'analysis_jobs', 'analysis_results'
]::regclass[]) AS t;
