-- Contacts (the SMS audience) and CSV import records.

CREATE TYPE "MarketingConsent" AS ENUM ('UNKNOWN', 'GRANTED', 'WITHDRAWN');
CREATE TYPE "ContactImportStatus" AS ENUM ('COMPLETED', 'FAILED');

-- Tags as audiences filter them: at most 50 per contact, each 1–50 characters, lower-case, no NULLs.
CREATE FUNCTION app_contact_tags_valid(tags text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT cardinality(tags) <= 50
           AND NOT EXISTS (SELECT 1 FROM unnest(tags) t WHERE t IS NULL OR length(t) NOT BETWEEN 1 AND 50 OR t <> lower(t)) $$;

CREATE TABLE "contacts" (
  "id"                 UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"          UUID NOT NULL,
  "phone"              TEXT NOT NULL,
  "name"               TEXT,
  "email"              TEXT,
  "tags"               TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  "consent"            "MarketingConsent" NOT NULL DEFAULT 'UNKNOWN',
  "consent_updated_at" TIMESTAMPTZ(3),
  "consent_source"     TEXT,
  "opted_out"          BOOLEAN NOT NULL DEFAULT false,
  "opted_out_at"       TIMESTAMPTZ(3),
  "opt_out_source"     TEXT,
  "created_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "contacts_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "contacts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- phones are stored normalised to E.164 only: "+", no leading zero, 8–15 digits in all
  CONSTRAINT "contacts_phone_e164" CHECK ("phone" ~ '^\+[1-9][0-9]{7,14}$'),
  -- one-line names of sane length (control characters are stripped at the boundary)
  CONSTRAINT "contacts_name_length" CHECK ("name" IS NULL OR length("name") BETWEEN 1 AND 120),
  -- emails are lower-cased and capped like every email in the product
  CONSTRAINT "contacts_email_format" CHECK ("email" IS NULL OR ("email" = lower("email") AND length("email") BETWEEN 3 AND 254 AND position('@' IN "email") > 1)),
  -- tag count cap and tag shape (see app_contact_tags_valid)
  CONSTRAINT "contacts_tags_valid" CHECK (app_contact_tags_valid("tags")),
  -- a consent state other than UNKNOWN always says when it was set
  CONSTRAINT "contacts_consent_dated" CHECK ("consent" = 'UNKNOWN' OR "consent_updated_at" IS NOT NULL),
  -- an opted-out contact always says when it opted out
  CONSTRAINT "contacts_opted_out_dated" CHECK (NOT "opted_out" OR "opted_out_at" IS NOT NULL),
  -- provenance notes are short identifiers, not free text
  CONSTRAINT "contacts_sources_length" CHECK (length("consent_source") <= 200 AND length("opt_out_source") <= 200)
);
-- Phone is the contact's identity within a tenant: imports and inbound STOP merge on it.
CREATE UNIQUE INDEX "contacts_tenant_id_phone_key" ON "contacts"("tenant_id", "phone");
-- The console lists newest first with a (created_at, id) cursor.
CREATE INDEX "contacts_tenant_id_created_at_id_idx" ON "contacts"("tenant_id", "created_at", "id");
-- Campaign audiences filter by tags (tags && ARRAY[...] / tags @> ARRAY[...]).
CREATE INDEX "contacts_tags_idx" ON "contacts" USING GIN ("tags");

CREATE TABLE "contact_imports" (
  "id"              UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"       UUID NOT NULL,
  "file_name"       TEXT NOT NULL,
  "status"          "ContactImportStatus" NOT NULL,
  "total_rows"      INTEGER NOT NULL DEFAULT 0,
  "created"         INTEGER NOT NULL DEFAULT 0,
  "updated"         INTEGER NOT NULL DEFAULT 0,
  "rejected"        INTEGER NOT NULL DEFAULT 0,
  "errors"          JSONB NOT NULL DEFAULT '[]',
  "failure_reason"  TEXT,
  "default_country" TEXT,
  "created_by"      UUID,
  "started_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "finished_at"     TIMESTAMPTZ(3),
  CONSTRAINT "contact_imports_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "contact_imports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- the person who uploaded may leave; the record of the import stays
  CONSTRAINT "contact_imports_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT "contact_imports_file_name_length" CHECK (length("file_name") BETWEEN 1 AND 255),
  -- counters are non-negative, and every row read is either kept (created/merged) or rejected
  CONSTRAINT "contact_imports_counts" CHECK ("total_rows" >= 0 AND "created" >= 0 AND "updated" >= 0 AND "rejected" >= 0 AND "created" + "updated" + "rejected" = "total_rows"),
  -- the per-line error report is bounded (the first 1 000 rejected lines)
  CONSTRAINT "contact_imports_errors_capped" CHECK (jsonb_typeof("errors") = 'array' AND jsonb_array_length("errors") <= 1000),
  -- a failed import says why
  CONSTRAINT "contact_imports_failure_reason" CHECK (("status" = 'FAILED') = ("failure_reason" IS NOT NULL)),
  CONSTRAINT "contact_imports_default_country" CHECK ("default_country" IS NULL OR "default_country" ~ '^[A-Z]{2}$')
);
CREATE INDEX "contact_imports_tenant_id_started_at_idx" ON "contact_imports"("tenant_id", "started_at");

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['contacts', 'contact_imports']::regclass[]) AS t;
