-- The webhook ingest fast path: two autocommit statements per delivery instead of an explicit
-- transaction with six (BEGIN + SET LOCAL ROLE, lookup, set_config, insert + enqueue, COMMIT).

-- 1. Resolving a connection from the URL, before the tenant is known. The row's tenant is what
--    this finds, so it must see across tenants: the function runs as its owner,
--    switchboard_system, which the `system_access` policy of webhook_connections admits (RLS is
--    forced, but switchboard_system is not the table owner, so the policies decide). It returns
--    exactly one connection by its unguessable public id and provider, and nothing else, which is
--    all withSystemTx was used for on this path. search_path is pinned so a caller cannot shadow
--    the table or its operators.
CREATE FUNCTION app_webhook_connection(p_public_id text, p_provider "WebhookProvider")
  RETURNS TABLE (
    id uuid, tenant_id uuid, public_id text, secret_ciphertext text,
    previous_secret_ciphertext text, previous_secret_expires_at timestamptz, verify_token_hash text
  )
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT c.id, c.tenant_id, c.public_id, c.secret_ciphertext,
           c.previous_secret_ciphertext, c.previous_secret_expires_at, c.verify_token_hash
      FROM webhook_connections c
     WHERE c.public_id = p_public_id AND c.provider = p_provider
  $$;
ALTER FUNCTION app_webhook_connection(text, "WebhookProvider") OWNER TO switchboard_system;
REVOKE ALL ON FUNCTION app_webhook_connection(text, "WebhookProvider") FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_webhook_connection(text, "WebhookProvider") TO switchboard_app;

-- 2. Storing a verified event and enqueueing its processing, as ONE statement: called in
--    autocommit it is one implicit transaction, so the insert and the job commit or roll back
--    together (a rollback enqueues nothing), exactly like the explicit transaction it replaces.
--    SECURITY INVOKER (the default, spelled out): it runs as the caller, switchboard_app, with
--    app.tenant_id set for this transaction only, so the tenant_isolation policy's WITH CHECK
--    still checks the row written. app_add_job is the owner-run enqueue every runtime path uses.
--    Before writing, it re-checks in the tenant's scope (RLS) that the connection belongs to the
--    tenant (FK checks alone bypass RLS) and that p_secret_ciphertext, the secret that verified
--    the delivery, is still the current secret or the previous one within its grace period: the
--    caller may have verified against a connection it cached (src/server/webhooks/
--    connection-cache.ts), and a rotation or deletion since must win. Outcomes:
--      ('stored', id)   inserted and enqueued;
--      ('duplicate', -) the tenant already has this provider event: nothing inserted, no job;
--      ('stale', -)     the connection or that secret is no longer valid: nothing written.
CREATE FUNCTION app_store_webhook_event(
  p_tenant_id uuid, p_id uuid, p_connection_id uuid, p_provider "WebhookProvider",
  p_event_id text, p_event_type text, p_headers jsonb, p_payload jsonb,
  p_job_payload json, p_max_attempts integer, p_job_key text, p_secret_ciphertext text,
  OUT o_outcome text, OUT o_id uuid
)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
BEGIN
  -- transaction-local: gone when this statement's implicit transaction ends
  PERFORM set_config('app.tenant_id', p_tenant_id::text, true);
  IF NOT EXISTS (
    SELECT 1 FROM webhook_connections c
     WHERE c.id = p_connection_id
       AND (c.secret_ciphertext = p_secret_ciphertext
            OR (c.previous_secret_ciphertext = p_secret_ciphertext AND c.previous_secret_expires_at > now()))
  ) THEN
    o_outcome := 'stale';
    RETURN;
  END IF;
  INSERT INTO webhook_events (id, tenant_id, connection_id, provider, event_id, event_type, status, headers, payload)
  VALUES (p_id, p_tenant_id, p_connection_id, p_provider, p_event_id, p_event_type, 'RECEIVED', p_headers, p_payload)
  ON CONFLICT (tenant_id, provider, event_id) DO NOTHING
  RETURNING id INTO o_id;
  IF o_id IS NULL THEN
    o_outcome := 'duplicate';
    RETURN;
  END IF;
  PERFORM app_add_job('webhooks.process', p_job_payload, NULL, NULL, p_max_attempts, p_job_key, NULL, 'unsafe_dedupe');
  o_outcome := 'stored';
END $$;
REVOKE ALL ON FUNCTION app_store_webhook_event(uuid, uuid, uuid, "WebhookProvider", text, text, jsonb, jsonb, json, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_store_webhook_event(uuid, uuid, uuid, "WebhookProvider", text, text, jsonb, jsonb, json, integer, text, text) TO switchboard_app;
