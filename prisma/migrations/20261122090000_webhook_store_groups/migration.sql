-- Webhook ingest stores concurrent deliveries of one tenant as a group: one statement, one
-- commit and one enqueue call for the whole group instead of one of each per delivery
-- (src/server/webhooks/store-groups.ts). At the bench's peak the per-delivery commit, the
-- per-call job bookkeeping of add_job (task upsert, NOTIFY) and the round trip were most of
-- Postgres's share of a delivery.

-- 1. An owner-run enqueue of many jobs of one task in one call, through graphile-worker's own
--    add_jobs (one task upsert, one NOTIFY for the lot). Like app_add_job it runs inside the
--    caller's transaction, so a rollback takes the jobs with it. add_jobs has the 'replace'
--    job-key semantics; callers pass keys that have no job yet (see app_store_webhook_events).
CREATE FUNCTION app_add_jobs(p_identifier text, p_payloads json[], p_max_attempts integer, p_job_keys text[])
  RETURNS integer
  LANGUAGE sql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT count(*)::integer FROM graphile_worker.add_jobs(
      ARRAY(
        SELECT ROW(p_identifier, u.payload, NULL, NULL, p_max_attempts::smallint, u.job_key, NULL, NULL)::graphile_worker.job_spec
          FROM unnest(p_payloads, p_job_keys) WITH ORDINALITY AS u(payload, job_key, ord)
         ORDER BY u.ord
      )
    )
  $$;
REVOKE ALL ON FUNCTION app_add_jobs(text, json[], integer, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_add_jobs(text, json[], integer, text[]) TO switchboard_app;

-- 2. The group store: app_store_webhook_event (20261121140000_webhook_fast_path) for n deliveries
--    of one tenant at once, in ONE statement and so one implicit transaction. Same rules, row by
--    row, returned by position (o_ord, 1-based):
--      ('stored', id)   inserted, and its job enqueued in the same transaction;
--      ('duplicate', -) the tenant already has this provider event, or an earlier delivery of
--                       the same group carries it: nothing inserted, no job;
--      ('stale', -)     the connection is not this tenant's (RLS decides) or the secret that
--                       verified the delivery is no longer its current one, or its previous one
--                       within the grace period: nothing written.
--    Jobs are enqueued only for rows this statement inserted, so their keys (provider + tenant +
--    event id, unique like the row) have no job yet and add_jobs' 'replace' semantics never apply.
--    Any error (a CHECK, say) rolls the whole group back; the caller then stores its deliveries
--    one by one, so one bad delivery fails alone.
CREATE FUNCTION app_store_webhook_events(
  p_tenant_id uuid, p_ids uuid[], p_connection_ids uuid[], p_providers "WebhookProvider"[],
  p_event_ids text[], p_event_types text[], p_headers jsonb[], p_payloads jsonb[],
  p_job_payloads json[], p_max_attempts integer, p_job_keys text[], p_secret_ciphertexts text[]
)
  RETURNS TABLE (o_ord integer, o_outcome text, o_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
DECLARE
  v_n integer := cardinality(p_ids);
  v_valid boolean[];
  v_inserted uuid[];
BEGIN
  IF v_n IS NULL OR v_n = 0 THEN
    RETURN;
  END IF;
  IF cardinality(p_connection_ids) <> v_n OR cardinality(p_providers) <> v_n OR cardinality(p_event_ids) <> v_n
     OR cardinality(p_event_types) <> v_n OR cardinality(p_headers) <> v_n OR cardinality(p_payloads) <> v_n
     OR cardinality(p_job_payloads) <> v_n OR cardinality(p_job_keys) <> v_n OR cardinality(p_secret_ciphertexts) <> v_n THEN
    RAISE EXCEPTION 'app_store_webhook_events: every array must have % elements', v_n USING ERRCODE = '22023';
  END IF;
  -- transaction-local: gone when this statement's implicit transaction ends
  PERFORM set_config('app.tenant_id', p_tenant_id::text, true);

  -- which deliveries may still be stored (RLS scopes the connections to the tenant)
  SELECT array_agg(c.id IS NOT NULL ORDER BY u.ord) INTO v_valid
    FROM unnest(p_connection_ids, p_secret_ciphertexts) WITH ORDINALITY AS u(connection_id, secret_ciphertext, ord)
    LEFT JOIN webhook_connections c
      ON c.id = u.connection_id
     AND (c.secret_ciphertext = u.secret_ciphertext
          OR (c.previous_secret_ciphertext = u.secret_ciphertext AND c.previous_secret_expires_at > now()));

  -- Sorted by the unique key, so two groups racing on the same events take their row locks in
  -- one order (no deadlock), and by position within a key, so the first of two deliveries of
  -- one event in a group is the one stored.
  WITH inserted AS (
    INSERT INTO webhook_events (id, tenant_id, connection_id, provider, event_id, event_type, status, headers, payload)
    SELECT u.id, p_tenant_id, u.connection_id, u.provider, u.event_id, u.event_type, 'RECEIVED', u.headers, u.payload
      FROM unnest(p_ids, p_connection_ids, p_providers, p_event_ids, p_event_types, p_headers, p_payloads)
           WITH ORDINALITY AS u(id, connection_id, provider, event_id, event_type, headers, payload, ord)
     WHERE v_valid[u.ord]
     ORDER BY u.provider, u.event_id, u.ord
    ON CONFLICT (tenant_id, provider, event_id) DO NOTHING
    RETURNING id
  )
  SELECT coalesce(array_agg(id), '{}') INTO v_inserted FROM inserted;

  IF cardinality(v_inserted) > 0 THEN
    PERFORM app_add_jobs(
      'webhooks.process',
      ARRAY(SELECT u.job_payload FROM unnest(p_ids, p_job_payloads) WITH ORDINALITY AS u(id, job_payload, ord) WHERE u.id = ANY (v_inserted) ORDER BY u.ord),
      p_max_attempts,
      ARRAY(SELECT u.job_key FROM unnest(p_ids, p_job_keys) WITH ORDINALITY AS u(id, job_key, ord) WHERE u.id = ANY (v_inserted) ORDER BY u.ord)
    );
  END IF;

  RETURN QUERY
    SELECT u.ord::integer,
           CASE WHEN u.id = ANY (v_inserted) THEN 'stored' WHEN v_valid[u.ord] THEN 'duplicate' ELSE 'stale' END,
           CASE WHEN u.id = ANY (v_inserted) THEN u.id END
      FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord)
     ORDER BY u.ord;
END $$;
REVOKE ALL ON FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[]) TO switchboard_app;

-- The single-delivery store is replaced: a group of one is the same statement.
DROP FUNCTION app_store_webhook_event(uuid, uuid, uuid, "WebhookProvider", text, text, jsonb, jsonb, json, integer, text, text);
