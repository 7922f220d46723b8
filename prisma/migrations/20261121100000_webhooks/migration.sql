-- Webhook ingestion: per-tenant connections with encrypted secrets, and the event archive that
-- makes every provider delivery exactly-once.

CREATE TYPE "WebhookProvider" AS ENUM ('twilio', 'stripe', 'shopify', 'whatsapp', 'chatwoot', 'analysis');
CREATE TYPE "WebhookEventStatus" AS ENUM ('RECEIVED', 'PROCESSED', 'FAILED', 'REJECTED');

CREATE TABLE "webhook_connections" (
  "id"                         UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"                  UUID NOT NULL,
  "provider"                   "WebhookProvider" NOT NULL,
  "public_id"                  TEXT NOT NULL,
  "label"                      TEXT NOT NULL,
  "secret_ciphertext"          TEXT NOT NULL,
  "previous_secret_ciphertext" TEXT,
  "previous_secret_expires_at" TIMESTAMPTZ(3),
  "verify_token_hash"          TEXT,
  "created_at"                 TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "rotated_at"                 TIMESTAMPTZ(3),
  CONSTRAINT "webhook_connections_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_connections_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- the public id is the only thing in the URL: url-safe and long enough not to be guessed
  CONSTRAINT "webhook_connections_public_id_format" CHECK ("public_id" ~ '^whc_[A-Za-z0-9_-]{20,64}$'),
  -- a previous secret is only ever kept together with the deadline that ends its grace period
  CONSTRAINT "webhook_connections_previous_secret_deadline" CHECK (("previous_secret_ciphertext" IS NULL) = ("previous_secret_expires_at" IS NULL))
);
-- a URL resolves to exactly one connection (looked up across tenants, before the tenant is known)
CREATE UNIQUE INDEX "webhook_connections_public_id_key" ON "webhook_connections"("public_id");
CREATE INDEX "webhook_connections_tenant_id_created_at_idx" ON "webhook_connections"("tenant_id", "created_at");

CREATE TABLE "webhook_events" (
  "id"            UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"     UUID NOT NULL,
  "connection_id" UUID NOT NULL,
  "provider"      "WebhookProvider" NOT NULL,
  "event_id"      TEXT,
  "event_type"    TEXT,
  "status"        "WebhookEventStatus" NOT NULL DEFAULT 'RECEIVED',
  "headers"       JSONB NOT NULL DEFAULT '{}',
  "payload"       JSONB,
  "raw_body"      TEXT,
  "reject_reason" TEXT,
  "attempts"      INTEGER NOT NULL DEFAULT 0,
  "last_error"    TEXT,
  "received_at"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "processed_at"  TIMESTAMPTZ(3),
  CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "webhook_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "webhook_events_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "webhook_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- only a rejected (unparseable) delivery may lack the provider's event id
  CONSTRAINT "webhook_events_event_id_required" CHECK ("status" = 'REJECTED' OR "event_id" IS NOT NULL),
  CONSTRAINT "webhook_events_event_id_length" CHECK (length("event_id") <= 255),
  CONSTRAINT "webhook_events_attempts_non_negative" CHECK ("attempts" >= 0)
);
-- Exactly-once: one row per provider event per tenant. The tenant is part of the key on purpose:
-- several providers' ids are chosen by the sender (Chatwoot delivery ids, our analysis
-- provider's webhook-id, Twilio sid+status), so a global key would let one tenant's delivery
-- (signed with that tenant's own secret) swallow another tenant's event as a "duplicate", and a
-- conflict on a row RLS hides would leak that it exists. NULL event ids (rejected rows) never conflict.
CREATE UNIQUE INDEX "webhook_events_tenant_id_provider_event_id_key" ON "webhook_events"("tenant_id", "provider", "event_id");
CREATE INDEX "webhook_events_tenant_id_received_at_idx" ON "webhook_events"("tenant_id", "received_at");
CREATE INDEX "webhook_events_tenant_id_provider_status_received_at_idx" ON "webhook_events"("tenant_id", "provider", "status", "received_at");
CREATE INDEX "webhook_events_connection_id_idx" ON "webhook_events"("connection_id");

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['webhook_connections', 'webhook_events']::regclass[]) AS t;
