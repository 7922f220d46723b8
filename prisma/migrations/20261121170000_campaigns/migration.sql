-- SMS campaigns, their recipients (the audience snapshot taken at launch) and their timeline.
-- The simulator's log also keeps message bodies from here on, as Twilio does: an in-doubt send
-- is resolved by looking the message up in the provider's Messages list (To, date, body).

CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'SENDING', 'COMPLETED', 'CANCELLED', 'FAILED');
CREATE TYPE "CampaignRecipientStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'SKIPPED');

CREATE TABLE "campaigns" (
  "id"               UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"        UUID NOT NULL,
  "name"             TEXT NOT NULL,
  "body"             TEXT NOT NULL,
  "audience"         JSONB NOT NULL DEFAULT '{}',
  "status"           "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
  "scheduled_at"     TIMESTAMPTZ(3),
  "reservation_key"  TEXT,
  "total_recipients" INTEGER NOT NULL DEFAULT 0,
  "pending_count"    INTEGER NOT NULL DEFAULT 0,
  "sending_count"    INTEGER NOT NULL DEFAULT 0,
  "sent_count"       INTEGER NOT NULL DEFAULT 0,
  "delivered_count"  INTEGER NOT NULL DEFAULT 0,
  "failed_count"     INTEGER NOT NULL DEFAULT 0,
  "skipped_count"    INTEGER NOT NULL DEFAULT 0,
  "credits_reserved" INTEGER NOT NULL DEFAULT 0,
  "credits_spent"    INTEGER NOT NULL DEFAULT 0,
  "batch_count"      INTEGER NOT NULL DEFAULT 0,
  "failure_reason"   TEXT,
  "created_by_id"    UUID,
  "created_at"       TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"       TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "launched_at"      TIMESTAMPTZ(3),
  "last_progress_at" TIMESTAMPTZ(3),
  "finished_at"      TIMESTAMPTZ(3),
  CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "campaigns_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "campaigns_name_length" CHECK (length("name") BETWEEN 1 AND 120),
  -- Twilio's cap on a concatenated body; merge fields only make it longer, checked per recipient
  CONSTRAINT "campaigns_body_length" CHECK (length("body") BETWEEN 1 AND 1600),
  -- counts never go negative and always add up to the snapshot
  CONSTRAINT "campaigns_counts_non_negative" CHECK (LEAST("pending_count", "sending_count", "sent_count", "delivered_count", "failed_count", "skipped_count") >= 0),
  CONSTRAINT "campaigns_counts_add_up" CHECK ("pending_count" + "sending_count" + "sent_count" + "delivered_count" + "failed_count" + "skipped_count" = "total_recipients"),
  CONSTRAINT "campaigns_credits" CHECK ("credits_reserved" >= 0 AND "credits_spent" BETWEEN 0 AND "credits_reserved"),
  -- a launched campaign always has its reservation key and launch time
  CONSTRAINT "campaigns_launched" CHECK ("status" IN ('DRAFT', 'SCHEDULED') OR "status" = 'FAILED' OR ("reservation_key" IS NOT NULL AND "launched_at" IS NOT NULL)),
  CONSTRAINT "campaigns_scheduled" CHECK ("status" <> 'SCHEDULED' OR "scheduled_at" IS NOT NULL)
);
CREATE INDEX "campaigns_tenant_id_created_at_idx" ON "campaigns"("tenant_id", "created_at");
-- The reconciler's scan: SENDING campaigns by how long they have been quiet.
CREATE INDEX "campaigns_status_last_progress_at_idx" ON "campaigns"("status", "last_progress_at");

CREATE TABLE "campaign_recipients" (
  "id"                  UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"           UUID NOT NULL,
  "campaign_id"         UUID NOT NULL,
  "contact_id"          UUID,
  "phone"               TEXT NOT NULL,
  "body"                TEXT,
  "segments"            INTEGER NOT NULL DEFAULT 0,
  "cost"                INTEGER NOT NULL DEFAULT 0,
  "status"              "CampaignRecipientStatus" NOT NULL DEFAULT 'PENDING',
  "skip_reason"         TEXT,
  "batch_no"            INTEGER NOT NULL,
  "attempts"            INTEGER NOT NULL DEFAULT 0,
  "provider_message_id" TEXT,
  "provider_status"     TEXT,
  "error_code"          INTEGER,
  "error_message"       TEXT,
  "claimed_at"          TIMESTAMPTZ(3),
  "retry_at"            TIMESTAMPTZ(3),
  "sent_at"             TIMESTAMPTZ(3),
  "final_at"            TIMESTAMPTZ(3),
  "created_at"          TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "campaign_recipients_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "campaign_recipients_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "campaign_recipients_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "campaign_recipients_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "campaign_recipients_phone_e164" CHECK ("phone" ~ '^\+[1-9][0-9]{7,14}$'),
  -- a sendable recipient has its message and a cost of one credit per segment; a skipped one neither
  CONSTRAINT "campaign_recipients_message" CHECK (
    ("status" = 'SKIPPED' AND "skip_reason" IS NOT NULL)
    OR ("status" <> 'SKIPPED' AND "skip_reason" IS NULL AND "body" IS NOT NULL AND "segments" >= 1 AND "cost" = "segments")),
  -- a provider id only once the provider accepted the message
  CONSTRAINT "campaign_recipients_provider_id" CHECK ("provider_message_id" IS NULL OR "status" IN ('SENDING', 'SENT', 'DELIVERED', 'FAILED')),
  CONSTRAINT "campaign_recipients_sent_has_id" CHECK ("status" NOT IN ('SENT', 'DELIVERED') OR "provider_message_id" IS NOT NULL),
  CONSTRAINT "campaign_recipients_claimed" CHECK ("status" <> 'SENDING' OR "claimed_at" IS NOT NULL),
  CONSTRAINT "campaign_recipients_attempts" CHECK ("attempts" >= 0 AND "batch_no" >= 0)
);
-- One recipient per contact per campaign (NULL contact ids, from deleted contacts, don't clash).
CREATE UNIQUE INDEX "campaign_recipients_campaign_id_contact_id_key" ON "campaign_recipients"("campaign_id", "contact_id");
-- A provider message belongs to one recipient, ever: a callback finds it by this id.
CREATE UNIQUE INDEX "campaign_recipients_provider_message_id_key" ON "campaign_recipients"("provider_message_id");
-- A batch claims its PENDING rows; the reconciler finds batches with work left.
CREATE INDEX "campaign_recipients_campaign_id_batch_no_status_idx" ON "campaign_recipients"("campaign_id", "batch_no", "status");
CREATE INDEX "campaign_recipients_campaign_id_status_idx" ON "campaign_recipients"("campaign_id", "status");

CREATE TABLE "campaign_events" (
  "id"          UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"   UUID NOT NULL,
  "campaign_id" UUID NOT NULL,
  "kind"        TEXT NOT NULL,
  "detail"      JSONB NOT NULL DEFAULT '{}',
  "actor_id"    UUID,
  "created_at"  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "campaign_events_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "campaign_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "campaign_events_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "campaign_events_kind_format" CHECK ("kind" ~ '^[a-z][a-z_.]{0,63}$')
);
CREATE INDEX "campaign_events_campaign_id_created_at_idx" ON "campaign_events"("campaign_id", "created_at");

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['campaigns', 'campaign_recipients', 'campaign_events']::regclass[]) AS t;

ALTER TABLE "simulator_twilio_messages" ADD COLUMN "body" TEXT;
CREATE INDEX "simulator_twilio_messages_to_created_at_idx" ON "simulator_twilio_messages"("to", "created_at");
