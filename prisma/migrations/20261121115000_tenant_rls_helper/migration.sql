-- One definition of "a tenant-owned table": row-level security enabled AND forced (so it binds the
-- table owner too), the tenant_isolation policy on tenant_id, and the system_access policy that only
-- withSystemTx (SET LOCAL ROLE switchboard_system) can use. Later migrations call it per table
-- instead of repeating the statements; tests/rls.test.ts checks the outcome on every table.
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
