-- A completed run of the ops.probe diagnostic job: the job's own outcome (which attempt, which
-- request asked for it). It used to be an audit entry, but a worker's run is a machine fact, not
-- somebody's action: the audit keeps the request (ops.probe.requested), this table keeps the run.
CREATE TABLE "probe_runs" (
  "id"         UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"  UUID NOT NULL,
  "job_id"     BIGINT NOT NULL,
  "attempt"    INTEGER NOT NULL,
  "note"       TEXT NOT NULL,
  -- the request that enqueued the probe, carried in the job's _meta
  "request_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "probe_runs_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "probe_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "probe_runs_attempt_positive" CHECK ("attempt" > 0)
);
CREATE INDEX "probe_runs_tenant_id_created_at_idx" ON "probe_runs"("tenant_id", "created_at");

SELECT app_protect_tenant_table('probe_runs');
