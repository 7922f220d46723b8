-- A second key for exactly-once, on what the signature covers. Shopify's X-Shopify-Event-Id and
-- Chatwoot's X-Chatwoot-Delivery are outside their signatures: a captured delivery replayed under
-- a new id header was stored and applied again (Shopify signs no timestamp, so at any time). Those
-- providers also give each event a key derived from the signed bytes (providers/<name>/provider.ts:
-- Shopify the body's SHA-256, Chatwoot the SHA-256 of "<signed timestamp>.<body>"), and a
-- delivery that repeats either key is a duplicate. A genuine retry keeps its id header (Shopify:
-- and its body; Chatwoot re-signs it with a new timestamp), so the event id still catches those.

ALTER TABLE "webhook_events" ADD COLUMN "signed_key" TEXT;
-- hex digests with a scheme prefix; bounded like event_id
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_signed_key_length" CHECK (length("signed_key") <= 255);
-- One row per signed content per tenant and provider (tenant in the key for the reasons the
-- event_id key gives in 20261121100000_webhooks). NULL (other providers, REJECTED rows) never conflicts.
CREATE UNIQUE INDEX "webhook_events_tenant_id_provider_signed_key_key" ON "webhook_events"("tenant_id", "provider", "signed_key");

-- The group store (20261122090000_webhook_store_groups) takes each delivery's signed key, and a
-- conflict on either unique key is a duplicate: ON CONFLICT without a target covers both.
-- p_signed_keys may be omitted (NULL): then no delivery of the call has one.
DROP FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[]);
CREATE FUNCTION app_store_webhook_events(
  p_tenant_id uuid, p_ids uuid[], p_connection_ids uuid[], p_providers "WebhookProvider"[],
  p_event_ids text[], p_event_types text[], p_headers jsonb[], p_payloads jsonb[],
  p_job_payloads json[], p_max_attempts integer, p_job_keys text[], p_secret_ciphertexts text[],
  p_signed_keys text[] DEFAULT NULL
)
  RETURNS TABLE (o_ord integer, o_outcome text, o_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
DECLARE
  v_n integer := cardinality(p_ids);
  v_valid boolean[];
  v_inserted uuid[];
  v_signed_keys text[];
BEGIN
  IF v_n IS NULL OR v_n = 0 THEN
    RETURN;
  END IF;
  -- omitted: no delivery carries a signed key (callers written before this migration)
  v_signed_keys := coalesce(p_signed_keys, array_fill(NULL::text, ARRAY[v_n]));
  IF cardinality(p_connection_ids) <> v_n OR cardinality(p_providers) <> v_n OR cardinality(p_event_ids) <> v_n
     OR cardinality(p_event_types) <> v_n OR cardinality(p_headers) <> v_n OR cardinality(p_payloads) <> v_n
     OR cardinality(p_job_payloads) <> v_n OR cardinality(p_job_keys) <> v_n OR cardinality(p_secret_ciphertexts) <> v_n
     OR cardinality(v_signed_keys) <> v_n THEN
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

  -- Sorted by the event id key, so two groups racing on the same events take their row locks in
  -- one order (no deadlock), and by position within a key, so the first of two deliveries of
  -- one event in a group is the one stored. Two groups meeting only on a signed key (a replay
  -- racing its original) may still deadlock; the caller then stores them one by one.
  WITH inserted AS (
    INSERT INTO webhook_events (id, tenant_id, connection_id, provider, event_id, event_type, status, headers, payload, signed_key)
    SELECT u.id, p_tenant_id, u.connection_id, u.provider, u.event_id, u.event_type, 'RECEIVED', u.headers, u.payload, u.signed_key
      FROM unnest(p_ids, p_connection_ids, p_providers, p_event_ids, p_event_types, p_headers, p_payloads, v_signed_keys)
           WITH ORDINALITY AS u(id, connection_id, provider, event_id, event_type, headers, payload, signed_key, ord)
     WHERE v_valid[u.ord]
     ORDER BY u.provider, u.event_id, u.ord
    ON CONFLICT DO NOTHING
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
REVOKE ALL ON FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_store_webhook_events(uuid, uuid[], uuid[], "WebhookProvider"[], text[], text[], jsonb[], jsonb[], json[], integer, text[], text[], text[]) TO switchboard_app;
