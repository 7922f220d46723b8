-- The spine: tenants, users, memberships, API tokens, audit trail, worker heartbeats,
-- and the row-level-security scaffolding every tenant table uses.

CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'STAFF', 'REP');

-- The tenant a transaction works for, set with set_config('app.tenant_id', id, true) by
-- withTenantTx. Unset or empty means "no tenant": every tenant policy then matches nothing.
CREATE FUNCTION app_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app_current_user() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE TABLE "tenants" (
  "id"         UUID NOT NULL DEFAULT gen_random_uuid(),
  "slug"       TEXT NOT NULL,
  "name"       TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"),
  -- slugs appear in webhook URLs: lowercase, url-safe
  CONSTRAINT "tenants_slug_format" CHECK ("slug" ~ '^[a-z0-9][a-z0-9-]{1,62}$')
);
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");

CREATE TABLE "users" (
  "id"            UUID NOT NULL DEFAULT gen_random_uuid(),
  "email"         TEXT NOT NULL,
  "name"          TEXT NOT NULL,
  "password_hash" TEXT,
  "created_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
  -- emails are stored lower-cased so the unique key is case-insensitive
  CONSTRAINT "users_email_lower" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "memberships" (
  "id"         UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"  UUID NOT NULL,
  "user_id"    UUID NOT NULL,
  "role"       "Role" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "memberships_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "memberships_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- one membership per person per tenant
CREATE UNIQUE INDEX "memberships_tenant_id_user_id_key" ON "memberships"("tenant_id", "user_id");
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

CREATE TABLE "api_tokens" (
  "id"           UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"    UUID NOT NULL,
  "user_id"      UUID NOT NULL,
  "name"         TEXT NOT NULL,
  "prefix"       TEXT NOT NULL,
  "token_hash"   TEXT NOT NULL,
  "created_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at"   TIMESTAMPTZ(3),
  CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "api_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- a token secret resolves to exactly one row
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "api_tokens_tenant_id_created_at_idx" ON "api_tokens"("tenant_id", "created_at");
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

CREATE TABLE "audit_entries" (
  "id"         UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"  UUID NOT NULL,
  "actor_id"   UUID,
  "action"     TEXT NOT NULL,
  "subject"    TEXT NOT NULL,
  "detail"     JSONB NOT NULL DEFAULT '{}',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_entries_tenant_id_created_at_idx" ON "audit_entries"("tenant_id", "created_at");

CREATE TABLE "worker_heartbeats" (
  "worker_id"  TEXT NOT NULL,
  "hostname"   TEXT NOT NULL,
  "pid"        INTEGER NOT NULL,
  "started_at" TIMESTAMPTZ(3) NOT NULL,
  "beat_at"    TIMESTAMPTZ(3) NOT NULL,
  "graphile_worker_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
  CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);

-- Row-level security: forced, so it binds the table owner too. The PUBLIC policy is the tenant
-- filter; the system policy serves withSystemTx (SET LOCAL ROLE switchboard_system) only.
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "tenants"
  USING ("id" = app_current_tenant()) WITH CHECK ("id" = app_current_tenant());
CREATE POLICY "system_access" ON "tenants" TO switchboard_system USING (true) WITH CHECK (true);

-- A user row is visible to the tenants it belongs to and to the user itself.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
CREATE POLICY "member_visibility" ON "users"
  USING ("id" = app_current_user()
         OR EXISTS (SELECT 1 FROM "memberships" m WHERE m."user_id" = "users"."id"))
  WITH CHECK ("id" = app_current_user());
-- Logins are global: an admin adding a member creates the user row (written without RETURNING;
-- it becomes visible through the membership inserted next).
CREATE POLICY "create_login" ON "users" FOR INSERT WITH CHECK (true);
CREATE POLICY "system_access" ON "users" TO switchboard_system USING (true) WITH CHECK (true);

-- One definition of "a tenant-owned table": row-level security enabled AND forced (so it binds the
-- table owner too), the tenant_isolation policy on tenant_id, and the system_access policy that only
-- withSystemTx (SET LOCAL ROLE switchboard_system) can use. Every migration calls it for each tenant
-- table; tests/rls.test.ts checks the outcome on every table that has a tenant_id column.
CREATE FUNCTION app_protect_tenant_table(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())', target);
  EXECUTE format('CREATE POLICY system_access ON %s TO switchboard_system USING (true) WITH CHECK (true)', target);
END $$;
REVOKE ALL ON FUNCTION app_protect_tenant_table(regclass) FROM PUBLIC;

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['memberships', 'api_tokens', 'audit_entries']::regclass[]) AS t;

-- graphile-worker keeps row-level security on its private tables with no policies, so only their
-- owner may touch them. The runtime roles enqueue through this owner-run function instead, still
-- inside the caller's transaction (a rollback takes the job with it).
CREATE FUNCTION app_add_job(
  identifier text, payload json, queue_name text, run_at timestamptz, max_attempts integer,
  job_key text, priority integer, job_key_mode text
) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_id bigint;
BEGIN
  SELECT (j).id INTO v_id FROM (
    SELECT graphile_worker.add_job(identifier, payload, queue_name, run_at, max_attempts, job_key, priority, NULL, coalesce(job_key_mode, 'replace')) AS j
  ) s;
  RETURN v_id;
END $$;
REVOKE ALL ON FUNCTION app_add_job(text, json, text, timestamptz, integer, text, integer, text) FROM PUBLIC;
