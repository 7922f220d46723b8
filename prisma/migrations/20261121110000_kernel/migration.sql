-- The hardening kernel: rate-limit buckets, Idempotency-Key records, dead letters.

-- Rate limits shared by every process. Fixed windows: one row per bucket holds the current
-- window's start and hit count; consumeRateLimit moves it forward with a single upsert, so
-- concurrent callers serialize on the row lock and none can slip past the limit.
-- Not tenant-owned (buckets are per IP, per tenant, per channel), so no RLS.
CREATE TABLE "rate_limit_buckets" (
  "bucket"         TEXT NOT NULL,
  "window_start"   TIMESTAMPTZ(3) NOT NULL,
  "window_seconds" INTEGER NOT NULL,
  "hits"           INTEGER NOT NULL,
  -- window_start + window_seconds: the sweep deletes rows whose window is over
  "expires_at"     TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("bucket"),
  CONSTRAINT "rate_limit_buckets_bucket_length" CHECK (length("bucket") BETWEEN 1 AND 200),
  CONSTRAINT "rate_limit_buckets_window_positive" CHECK ("window_seconds" > 0),
  CONSTRAINT "rate_limit_buckets_hits_nonnegative" CHECK ("hits" >= 0)
);
CREATE INDEX "rate_limit_buckets_expires_at_idx" ON "rate_limit_buckets"("expires_at");

-- Idempotency-Key: one row per (tenant, procedure, key), written in the same transaction as the
-- procedure's effects, so a stored response always belongs to work that committed.
CREATE TABLE "idempotency_keys" (
  "tenant_id"    UUID NOT NULL,
  "scope"        TEXT NOT NULL,
  "key"          TEXT NOT NULL,
  "request_hash" TEXT NOT NULL,
  -- the serialized response text, not jsonb: replayed exactly as first sent (key order included)
  "response"     TEXT NOT NULL,
  "created_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at"   TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("tenant_id", "scope", "key"),
  CONSTRAINT "idempotency_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "idempotency_keys_key_length" CHECK (length("key") BETWEEN 1 AND 255)
);
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- Jobs that exhausted their attempts. One row per piece of work: a retry revives the same
-- graphile job (same id, same job key), and if it dies again the same row reopens.
CREATE TABLE "dead_letters" (
  "id"             UUID NOT NULL DEFAULT gen_random_uuid(),
  -- from the payload's tenantId; NULL for platform work (cron maintenance), which no tenant sees
  "tenant_id"      UUID,
  "job_id"         BIGINT NOT NULL,
  "task"           TEXT NOT NULL,
  "job_key"        TEXT,
  "queue_name"     TEXT,
  "priority"       INTEGER NOT NULL DEFAULT 0,
  -- the payload as enqueued, unmasked (a retry needs it); views mask PII
  "payload"        JSONB NOT NULL,
  "request_id"     TEXT,
  "last_error"     TEXT NOT NULL,
  -- every run of this work, across retries
  "attempts"       INTEGER NOT NULL,
  "first_failed_at" TIMESTAMPTZ(3) NOT NULL,
  "last_failed_at" TIMESTAMPTZ(3) NOT NULL,
  "status"         TEXT NOT NULL DEFAULT 'dead',
  "retry_count"    INTEGER NOT NULL DEFAULT 0,
  "retried_at"     TIMESTAMPTZ(3),
  "retried_by"     UUID,
  "resolved_at"    TIMESTAMPTZ(3),
  "discarded_at"   TIMESTAMPTZ(3),
  "discarded_by"   UUID,
  "discard_reason" TEXT,
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "dead_letters_status" CHECK ("status" IN ('dead', 'retrying', 'resolved', 'discarded')),
  -- a discard always says why
  CONSTRAINT "dead_letters_discard_reason" CHECK ("status" <> 'discarded' OR length(trim("discard_reason")) > 0)
);
-- one dead letter per graphile job: the capture upserts on it
CREATE UNIQUE INDEX "dead_letters_job_id_key" ON "dead_letters"("job_id");
CREATE INDEX "dead_letters_tenant_id_status_last_failed_at_idx" ON "dead_letters"("tenant_id", "status", "last_failed_at");

SELECT app_protect_tenant_table('idempotency_keys');

-- A NULL tenant_id never equals app_current_tenant(), so platform dead letters are visible to
-- withSystemTx only.
SELECT app_protect_tenant_table('dead_letters');

-- ---------------------------------------------------------------------------------------------
-- Job operations for the runtime roles. graphile-worker's tables are readable by their owner
-- only (see app_add_job), so the console's views and actions go through these owner-run
-- functions, each limited to what the caller may see: the transaction's tenant
-- (payload.tenantId), or everything inside withSystemTx (role switchboard_system).
-- SECURITY DEFINER leaves the `role` setting untouched, so it still names the caller's role.

CREATE FUNCTION app_job_visible(payload json) RETURNS boolean
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT CASE
      WHEN app_current_tenant() IS NOT NULL THEN (payload->>'tenantId') = app_current_tenant()::text
      ELSE current_setting('role', true) = 'switchboard_system'
    END
  $$;

-- Queue depth as the caller may see it: runnable now, scheduled later (incl. retry backoff),
-- running, and permanently failed (kept by graphile until a retry or discard).
CREATE FUNCTION app_job_counts(OUT ready bigint, OUT scheduled bigint, OUT running bigint, OUT failed bigint)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT
      count(*) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at <= now()),
      count(*) FILTER (WHERE j.locked_at IS NULL AND j.attempts < j.max_attempts AND j.run_at > now()),
      count(*) FILTER (WHERE j.locked_at IS NOT NULL),
      count(*) FILTER (WHERE j.locked_at IS NULL AND j.attempts >= j.max_attempts)
    FROM graphile_worker._private_jobs j
    WHERE app_job_visible(j.payload)
  $$;

-- Stuck: locked longer than the task's timeout plus a grace period, or locked (for more than the
-- heartbeat staleness limit) by a graphile worker id that no fresh heartbeat lists.
-- p_timeouts: [{"task": "...", "timeout_ms": 30000}, ...] from the task registry.
CREATE FUNCTION app_stuck_jobs(p_timeouts json, p_stale_seconds integer, p_grace_seconds integer)
  RETURNS TABLE (id bigint, task text, locked_by text, locked_at timestamptz, attempts integer,
                 max_attempts integer, job_key text, payload json, reason text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT j.id, t.identifier, j.locked_by, j.locked_at, j.attempts::int, j.max_attempts::int, j.key, j.payload,
           CASE WHEN live.alive THEN 'over_timeout' ELSE 'worker_gone' END
    FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    LEFT JOIN json_to_recordset(p_timeouts) AS d(task text, timeout_ms integer) ON d.task = t.identifier
    CROSS JOIN LATERAL (
      SELECT EXISTS (
        SELECT 1 FROM worker_heartbeats h
        WHERE h.beat_at > now() - make_interval(secs => p_stale_seconds)
          AND j.locked_by = ANY (h.graphile_worker_ids)
      ) AS alive
    ) live
    WHERE j.locked_at IS NOT NULL
      AND app_job_visible(j.payload)
      AND (
        j.locked_at < now() - make_interval(secs => coalesce(d.timeout_ms, 3600000) / 1000.0 + p_grace_seconds)
        OR (NOT live.alive AND j.locked_at < now() - make_interval(secs => p_stale_seconds))
      )
  $$;

-- Makes a stuck job runnable again (only if it is still stuck by the same rule). A crash during
-- the last attempt would leave attempts = max_attempts; it gets that attempt back, since it
-- never finished. The queue lock of a named queue is released with it.
CREATE FUNCTION app_release_stuck_job(p_job_id bigint, p_timeouts json, p_stale_seconds integer, p_grace_seconds integer)
  RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
DECLARE
  v_job graphile_worker._private_jobs;
BEGIN
  UPDATE graphile_worker._private_jobs j
     SET locked_at = NULL, locked_by = NULL, run_at = now(), updated_at = now(),
         attempts = least(j.attempts, j.max_attempts - 1)
   WHERE j.id = p_job_id
     AND j.id IN (SELECT s.id FROM app_stuck_jobs(p_timeouts, p_stale_seconds, p_grace_seconds) s)
  RETURNING * INTO v_job;
  IF v_job.id IS NULL THEN
    RETURN NULL;
  END IF;
  -- find the old holder from the queue row itself: the job row no longer names it
  UPDATE graphile_worker._private_job_queues q SET locked_at = NULL, locked_by = NULL
   WHERE q.id = v_job.job_queue_id AND q.locked_by IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs o WHERE o.job_queue_id = q.id AND o.locked_by = q.locked_by);
  PERFORM pg_notify('jobs:insert', '{"r":' || random()::text || ',"count":1}');
  RETURN v_job.id;
END $$;

-- Retry of a dead letter: revives the permanently failed job in place (same id, same job key)
-- with a fresh attempts budget, recording in _meta.priorAttempts how often the work already ran.
-- If graphile no longer has the row, the work is enqueued again under the same job key.
-- Returns the job id, or NULL when the job exists but is not dead (running or still retrying).
CREATE FUNCTION app_revive_dead_job(
  p_job_id bigint, p_prior_attempts integer, p_max_attempts integer,
  p_task text, p_payload json, p_queue_name text, p_job_key text, p_priority integer
) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
DECLARE
  v_id bigint;
  v_payload jsonb;
BEGIN
  IF NOT app_job_visible(p_payload) THEN
    RAISE EXCEPTION 'job payload is outside the caller''s scope' USING ERRCODE = '42501';
  END IF;
  v_payload := p_payload::jsonb;
  v_payload := v_payload || jsonb_build_object('_meta',
    coalesce(v_payload->'_meta', '{}'::jsonb) || jsonb_build_object('priorAttempts', p_prior_attempts));
  UPDATE graphile_worker._private_jobs j
     SET attempts = 0, max_attempts = p_max_attempts, run_at = now(), last_error = NULL,
         updated_at = now(), payload = v_payload::json
   WHERE j.id = p_job_id AND j.locked_at IS NULL AND j.attempts >= j.max_attempts AND app_job_visible(j.payload)
  RETURNING j.id INTO v_id;
  IF v_id IS NOT NULL THEN
    PERFORM pg_notify('jobs:insert', '{"r":' || random()::text || ',"count":1}');
    RETURN v_id;
  END IF;
  IF EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.id = p_job_id) THEN
    RETURN NULL;
  END IF;
  SELECT (graphile_worker.add_job(p_task, v_payload::json, p_queue_name, NULL, p_max_attempts, p_job_key, p_priority, NULL, 'replace')).id
    INTO v_id;
  RETURN v_id;
END $$;

-- Discard: the permanently failed job leaves graphile's table (its job key is then free).
CREATE FUNCTION app_remove_dead_job(p_job_id bigint) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH gone AS (
      DELETE FROM graphile_worker._private_jobs j
       WHERE j.id = p_job_id AND j.locked_at IS NULL AND j.attempts >= j.max_attempts AND app_job_visible(j.payload)
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM gone)
  $$;

REVOKE ALL ON FUNCTION app_job_counts() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_stuck_jobs(json, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_release_stuck_job(bigint, json, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_revive_dead_job(bigint, integer, integer, text, json, text, text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_remove_dead_job(bigint) FROM PUBLIC;
