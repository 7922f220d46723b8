-- The audit trail is append-only: an entry says who did what, as it was written, and nobody
-- rewrites it afterwards. Two locks, so neither has to hold alone:
--   1. the runtime roles lose UPDATE, DELETE and TRUNCATE on audit_entries (the migration runner
--      re-applies this after its blanket grant to every table, see grantRuntimePrivileges);
--   2. a statement trigger refuses UPDATE, DELETE and TRUNCATE whoever runs them, the owner
--      included, so a future GRANT cannot open history to edits. Removing an entry for good
--      (retention, erasure) takes a migration that says so by dropping the trigger.

-- One function for every append-only table; migrate.ts finds those tables by this trigger.
CREATE FUNCTION app_refuse_history_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'audit entries are never changed or removed; record a new entry instead';
END $$;

CREATE TRIGGER "audit_entries_append_only"
  BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION app_refuse_history_change();

REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entries" FROM switchboard_app, switchboard_system;

-- The Audit log page filters one person's actions and one object's history, newest first.
CREATE INDEX "audit_entries_tenant_id_actor_id_created_at_idx" ON "audit_entries"("tenant_id", "actor_id", "created_at");
CREATE INDEX "audit_entries_tenant_id_subject_created_at_idx" ON "audit_entries"("tenant_id", "subject", "created_at");
