-- Members a workspace runs itself: invitations into a workspace, and the rule that a workspace
-- always keeps an owner.

-- An invitation to join one workspace with one role: one-time (accepted_at), expiring
-- (expires_at, 7 days from the console) and revocable (revoked_at). Only a SHA-256 of its token is
-- stored; the token itself is shown once to the admin and e-mailed sealed through the job queue.
CREATE TABLE "invitations" (
  "id"             UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"      UUID NOT NULL,
  "email"          TEXT NOT NULL,
  "role"           "Role" NOT NULL,
  "token_hash"     TEXT NOT NULL,
  "invited_by_id"  UUID,
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at"     TIMESTAMPTZ(3) NOT NULL,
  "accepted_at"    TIMESTAMPTZ(3),
  "accepted_by_id" UUID,
  "revoked_at"     TIMESTAMPTZ(3),
  CONSTRAINT "invitations_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "invitations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "invitations_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "invitations_accepted_by_id_fkey" FOREIGN KEY ("accepted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  -- stored lower-cased like users.email, so it matches the login that accepts it
  CONSTRAINT "invitations_email_lower" CHECK ("email" = lower("email")),
  -- a SHA-256 in hex, never the token itself
  CONSTRAINT "invitations_token_hash_shape" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
  -- owners are made by promotion inside the workspace, never by a link
  CONSTRAINT "invitations_role_not_owner" CHECK ("role" <> 'OWNER'),
  CONSTRAINT "invitations_expiry_after_creation" CHECK ("expires_at" > "created_at"),
  -- used or withdrawn, never both
  CONSTRAINT "invitations_one_outcome" CHECK ("accepted_at" IS NULL OR "revoked_at" IS NULL),
  CONSTRAINT "invitations_accepted_by_only_when_accepted" CHECK ("accepted_by_id" IS NULL OR "accepted_at" IS NOT NULL)
);
-- a token resolves to exactly one invitation
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");
-- one open invitation per address and workspace (inviting again withdraws the previous one)
CREATE UNIQUE INDEX "invitations_open_per_email" ON "invitations"("tenant_id", "email")
  WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL;
CREATE INDEX "invitations_tenant_id_created_at_idx" ON "invitations"("tenant_id", "created_at");

SELECT app_protect_tenant_table('invitations');

-- A workspace keeps at least one owner: an update or delete that takes away its last OWNER
-- membership is refused, whoever runs it (the console checks first and says why; this is the
-- backstop for every other path). The check takes the advisory lock the app takes for the same
-- rule (withLock(tx, 'tenant:owners:<id>'), src/server/db/lock.ts: the first 8 bytes of SHA-256
-- of the key), so two owners demoting each other at once are checked one after the other and the
-- second sees the first's commit (under READ COMMITTED each query below takes a new snapshot).
-- SECURITY DEFINER as switchboard_system: it counts the tenant's owners whatever the caller's RLS
-- scope. Deleting the workspace itself (memberships go by cascade) is allowed. A constraint
-- trigger, so a transaction that hands ownership over can defer it (SET CONSTRAINTS … DEFERRED).
CREATE FUNCTION app_keep_an_owner() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
BEGIN
  IF OLD.role <> 'OWNER'
     OR (TG_OP = 'UPDATE' AND NEW.role = 'OWNER' AND NEW.tenant_id = OLD.tenant_id) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(
    ('x' || left(encode(sha256(convert_to('tenant:owners:' || OLD.tenant_id::text, 'UTF8')), 'hex'), 16))::bit(64)::bigint);
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM memberships WHERE tenant_id = OLD.tenant_id AND role = 'OWNER') THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'workspace % would be left without an owner', OLD.tenant_id
    USING ERRCODE = 'check_violation',
          HINT = 'make another member OWNER first';
END $$;
ALTER FUNCTION app_keep_an_owner() OWNER TO switchboard_system;
REVOKE ALL ON FUNCTION app_keep_an_owner() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER "memberships_keep_an_owner"
  AFTER UPDATE OR DELETE ON "memberships"
  DEFERRABLE INITIALLY IMMEDIATE
  FOR EACH ROW EXECUTE FUNCTION app_keep_an_owner();
