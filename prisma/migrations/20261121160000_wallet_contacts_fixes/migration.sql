-- Two fixes from "SMS campaigns paid from a credit wallet":
--   1. the Checkout simulator keeps its own record of the sessions it created and which were
--      paid, so a top-up is confirmed with "Stripe" itself rather than trusted from an event a
--      tenant could sign with its own connection secret;
--   2. CSV imports commit in chunks: the import row exists from the start as RUNNING and carries
--      the progress of the chunks committed so far.

-- 1. The local Stripe Checkout simulator's own sessions (what Stripe's
-- GET /v1/checkout/sessions/:id would answer). Like simulator_twilio_messages it stands for the
-- provider's side of the wire: NOT tenant data, no tenant_id column, no RLS.
CREATE TABLE "simulator_stripe_checkout_sessions" (
  "id"             TEXT NOT NULL,
  "url"            TEXT NOT NULL,
  "amount_total"   INTEGER NOT NULL,
  "currency"       TEXT NOT NULL,
  -- as given at creation (tenant_id, pack_id), returned unchanged on retrieval
  "metadata"       JSONB NOT NULL DEFAULT '{}',
  "payment_status" TEXT NOT NULL DEFAULT 'unpaid',
  "created_at"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "paid_at"        TIMESTAMPTZ(3),
  CONSTRAINT "simulator_stripe_checkout_sessions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "simulator_stripe_checkout_sessions_id_format" CHECK ("id" ~ '^cs_test_sim_[0-9a-f]{32}$'),
  CONSTRAINT "simulator_stripe_checkout_sessions_amount_positive" CHECK ("amount_total" > 0),
  CONSTRAINT "simulator_stripe_checkout_sessions_currency_format" CHECK ("currency" ~ '^[a-z]{3}$'),
  CONSTRAINT "simulator_stripe_checkout_sessions_metadata_object" CHECK (jsonb_typeof("metadata") = 'object'),
  -- a session is paid only through the simulator's pay action, which stamps when
  CONSTRAINT "simulator_stripe_checkout_sessions_payment_status" CHECK ("payment_status" IN ('unpaid', 'paid')),
  CONSTRAINT "simulator_stripe_checkout_sessions_paid_state" CHECK (("payment_status" = 'paid') = ("paid_at" IS NOT NULL))
);

-- 2. Chunked CSV imports.
ALTER TYPE "ContactImportStatus" ADD VALUE 'RUNNING' BEFORE 'COMPLETED';

-- Rows from before this migration all finished; make sure before the CHECK below holds.
UPDATE "contact_imports" SET "finished_at" = "started_at" WHERE "finished_at" IS NULL;

-- A running import has not finished and a finished one has a finish time. (Compared as text: a
-- value added by ALTER TYPE cannot be used as an enum constant in the transaction that added it.)
ALTER TABLE "contact_imports"
  ADD CONSTRAINT "contact_imports_running_state" CHECK (("status"::text = 'RUNNING') = ("finished_at" IS NULL));

-- One import per tenant at a time: two files merging into the same contacts would race on the
-- "before" consent each one audits. Keyed on finished_at IS NULL, i.e. RUNNING (see the CHECK).
CREATE UNIQUE INDEX "contact_imports_one_running" ON "contact_imports"("tenant_id") WHERE "finished_at" IS NULL;
