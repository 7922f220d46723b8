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
  -- not yet recorded as sent: PENDING, or SENDING (claimed by a run right now)
  "pending_count"    INTEGER NOT NULL DEFAULT 0,
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
  CONSTRAINT "campaigns_counts_non_negative" CHECK (LEAST("pending_count", "sent_count", "delivered_count", "failed_count", "skipped_count") >= 0),
  CONSTRAINT "campaigns_counts_add_up" CHECK ("pending_count" + "sent_count" + "delivered_count" + "failed_count" + "skipped_count" = "total_recipients"),
  CONSTRAINT "campaigns_credits" CHECK ("credits_reserved" >= 0 AND "credits_spent" BETWEEN 0 AND "credits_reserved"),
  -- a launched campaign always has its reservation key and launch time; a campaign cancelled or
  -- failed before it launched has neither
  CONSTRAINT "campaigns_launched" CHECK (
    ("reservation_key" IS NOT NULL AND "launched_at" IS NOT NULL)
    OR ("status" IN ('DRAFT', 'SCHEDULED', 'CANCELLED', 'FAILED') AND "reservation_key" IS NULL AND "launched_at" IS NULL)),
  CONSTRAINT "campaigns_scheduled" CHECK ("status" <> 'SCHEDULED' OR "scheduled_at" IS NOT NULL)
);
CREATE INDEX "campaigns_tenant_id_created_at_idx" ON "campaigns"("tenant_id", "created_at");
-- The reconciler's scan: SENDING campaigns (few at any time). Not on last_progress_at: that moves
-- with every chunk a batch records, and an indexed column would make each of those updates write
-- index entries (no HOT update) on the campaign's row, the hottest row of a send.
CREATE INDEX "campaigns_status_idx" ON "campaigns"("status");

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
-- A batch finds its rows (500) by this index and filters them by status. Status is deliberately
-- in no index, and the table keeps free room on each page (fillfactor), so the claim (PENDING →
-- SENDING) and delivery reports (SENT → DELIVERED) are HOT updates that write no index entry.
CREATE INDEX "campaign_recipients_campaign_id_batch_no_idx" ON "campaign_recipients"("campaign_id", "batch_no");
ALTER TABLE "campaign_recipients" SET (fillfactor = 70);

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

-- The campaign's counts follow its recipient rows inside the statement that moves them, so they
-- can never drift from the rows whatever code path writes: one UPDATE per statement (transition
-- tables), not one per row, because a batch moves hundreds of recipients at once. credits_spent
-- grows when a recipient gets its provider id: that is when its DEBIT is written. PENDING and
-- SENDING count as one ("pending"): a claim then changes no count, so claims never queue on the
-- campaign's row, which every recording transaction of every batch updates.
CREATE FUNCTION campaign_recipients_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "campaigns" c SET
    "total_recipients" = c."total_recipients" + d.n,
    "pending_count"    = c."pending_count"    + d.pending,
    "sent_count"       = c."sent_count"       + d.sent,
    "delivered_count"  = c."delivered_count"  + d.delivered,
    "failed_count"     = c."failed_count"     + d.failed,
    "skipped_count"    = c."skipped_count"    + d.skipped,
    "updated_at"       = CURRENT_TIMESTAMP
  FROM (SELECT "campaign_id", count(*)::int AS n,
               count(*) FILTER (WHERE "status" IN ('PENDING', 'SENDING'))::int AS pending,
               count(*) FILTER (WHERE "status" = 'SENT')::int AS sent,
               count(*) FILTER (WHERE "status" = 'DELIVERED')::int AS delivered,
               count(*) FILTER (WHERE "status" = 'FAILED')::int AS failed,
               count(*) FILTER (WHERE "status" = 'SKIPPED')::int AS skipped
          FROM new_rows GROUP BY "campaign_id") d
  WHERE c."id" = d."campaign_id";
  RETURN NULL;
END $$;
CREATE TRIGGER "campaign_recipients_count_insert" AFTER INSERT ON "campaign_recipients"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipients_count_insert();

CREATE FUNCTION campaign_recipients_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "campaigns" c SET
    "pending_count"    = c."pending_count"    + d.pending,
    "sent_count"       = c."sent_count"       + d.sent,
    "delivered_count"  = c."delivered_count"  + d.delivered,
    "failed_count"     = c."failed_count"     + d.failed,
    "skipped_count"    = c."skipped_count"    + d.skipped,
    "credits_spent"    = c."credits_spent"    + d.spent,
    "last_progress_at" = CURRENT_TIMESTAMP,
    "updated_at"       = CURRENT_TIMESTAMP
  FROM (SELECT n."campaign_id",
               (count(*) FILTER (WHERE n."status" IN ('PENDING', 'SENDING')) - count(*) FILTER (WHERE o."status" IN ('PENDING', 'SENDING')))::int AS pending,
               (count(*) FILTER (WHERE n."status" = 'SENT')      - count(*) FILTER (WHERE o."status" = 'SENT'))::int AS sent,
               (count(*) FILTER (WHERE n."status" = 'DELIVERED') - count(*) FILTER (WHERE o."status" = 'DELIVERED'))::int AS delivered,
               (count(*) FILTER (WHERE n."status" = 'FAILED')    - count(*) FILTER (WHERE o."status" = 'FAILED'))::int AS failed,
               (count(*) FILTER (WHERE n."status" = 'SKIPPED')   - count(*) FILTER (WHERE o."status" = 'SKIPPED'))::int AS skipped,
               coalesce(sum(n."cost") FILTER (WHERE o."provider_message_id" IS NULL AND n."provider_message_id" IS NOT NULL), 0)::int AS spent
          FROM new_rows n JOIN old_rows o ON o."id" = n."id"
         WHERE (n."status" <> o."status" AND NOT (n."status" IN ('PENDING', 'SENDING') AND o."status" IN ('PENDING', 'SENDING')))
            OR (o."provider_message_id" IS NULL AND n."provider_message_id" IS NOT NULL)
         GROUP BY n."campaign_id") d
  WHERE c."id" = d."campaign_id";
  RETURN NULL;
END $$;
CREATE TRIGGER "campaign_recipients_count_update" AFTER UPDATE ON "campaign_recipients"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipients_count_update();

-- A recipient's identity (campaign, contact snapshot, cost) is fixed once written; only its
-- delivery state moves. A provider id, once set, never changes (callbacks find rows by it).
CREATE FUNCTION campaign_recipients_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."campaign_id" <> OLD."campaign_id" OR NEW."tenant_id" <> OLD."tenant_id" OR NEW."cost" <> OLD."cost" OR NEW."phone" <> OLD."phone" THEN
    RAISE EXCEPTION 'a campaign recipient''s campaign, phone and cost are fixed' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD."provider_message_id" IS NOT NULL AND NEW."provider_message_id" IS DISTINCT FROM OLD."provider_message_id" THEN
    RAISE EXCEPTION 'recipient % already has provider id %', OLD."id", OLD."provider_message_id" USING ERRCODE = 'check_violation';
  END IF;
  IF OLD."status" IN ('DELIVERED', 'FAILED', 'SKIPPED') AND NEW."status" <> OLD."status" THEN
    RAISE EXCEPTION 'recipient % is final (%)', OLD."id", OLD."status" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "campaign_recipients_guard" BEFORE UPDATE ON "campaign_recipients"
  FOR EACH ROW EXECUTE FUNCTION campaign_recipients_guard();

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['campaigns', 'campaign_recipients', 'campaign_events']::regclass[]) AS t;

ALTER TABLE "simulator_twilio_messages" ADD COLUMN "body" TEXT;
-- Lookups go by number and time; the drills count rows per number. The older indexes by
-- (to, body hash) and by time alone cost every simulated send two index writes for no reader.
CREATE INDEX "simulator_twilio_messages_to_created_at_idx" ON "simulator_twilio_messages"("to", "created_at");
DROP INDEX "simulator_twilio_messages_to_body_sha256_idx";
DROP INDEX "simulator_twilio_messages_created_at_idx";
