-- The credit wallet. What the database enforces on its own (so a bug or a missing lock in the
-- application can fail, but never corrupt the books):
--   * balance >= 0, reserved >= 0 and reserved <= balance, i.e. available = balance - open
--     reservations is never negative (CHECKs on credit_accounts);
--   * balance = sum of the ledger: the account's balance and reserved move only inside the ledger
--     triggers below, and every ledger row must carry the balance the account has after it;
--   * ledger rows are append-only and unique per (tenant, idempotency key);
--   * a DEBIT settles against an open reservation and never beyond it (settled <= amount), and
--     a closed reservation is final: settled + released = amount, written once.
-- What the per-tenant advisory lock ('wallet:<tenant>') adds: order. Callers read the account,
-- decide (enough available? key already used?) and write, one at a time per tenant, so a refusal
-- is a clean domain error rather than a constraint violation and balance_after is computed right.

CREATE TYPE "CreditTransactionKind" AS ENUM ('TOPUP', 'DEBIT', 'REFUND', 'ADJUSTMENT');
CREATE TYPE "CreditReservationStatus" AS ENUM ('PENDING', 'SETTLED', 'RELEASED', 'EXPIRED');
CREATE TYPE "BillingTransactionStatus" AS ENUM ('OPEN', 'PAID');

CREATE TABLE "credit_accounts" (
  "tenant_id"  UUID NOT NULL,
  "balance"    INTEGER NOT NULL DEFAULT 0,
  -- the unsettled rest of this tenant's PENDING reservations (kept by credit_reservations_track_reserved)
  "reserved"   INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "credit_accounts_pkey" PRIMARY KEY ("tenant_id"),
  CONSTRAINT "credit_accounts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  -- a wallet is never overdrawn
  CONSTRAINT "credit_accounts_balance_non_negative" CHECK ("balance" >= 0),
  CONSTRAINT "credit_accounts_reserved_non_negative" CHECK ("reserved" >= 0),
  -- available = balance - reserved never below zero: nothing can be promised that is not there
  CONSTRAINT "credit_accounts_available_non_negative" CHECK ("reserved" <= "balance")
);

CREATE TABLE "credit_reservations" (
  "id"              UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"       UUID NOT NULL,
  "reservation_key" TEXT NOT NULL,
  "amount"          INTEGER NOT NULL,
  "settled_amount"  INTEGER NOT NULL DEFAULT 0,
  "released_amount" INTEGER NOT NULL DEFAULT 0,
  "status"          "CreditReservationStatus" NOT NULL DEFAULT 'PENDING',
  "purpose"         TEXT NOT NULL,
  "subject"         TEXT NOT NULL,
  "expires_at"      TIMESTAMPTZ(3) NOT NULL,
  "created_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "closed_at"       TIMESTAMPTZ(3),
  CONSTRAINT "credit_reservations_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "credit_reservations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "credit_reservations_key_length" CHECK (length("reservation_key") BETWEEN 1 AND 255),
  CONSTRAINT "credit_reservations_amount_positive" CHECK ("amount" > 0),
  -- no debit beyond the reservation
  CONSTRAINT "credit_reservations_settled_within_amount" CHECK ("settled_amount" >= 0 AND "settled_amount" <= "amount"),
  CONSTRAINT "credit_reservations_released_non_negative" CHECK ("released_amount" >= 0),
  -- settled + released exactly once: an open reservation has released nothing and is not closed;
  -- a closed one accounts for every credit it held, fully settled ones as SETTLED
  CONSTRAINT "credit_reservations_open_state" CHECK ("status" <> 'PENDING' OR ("released_amount" = 0 AND "closed_at" IS NULL)),
  CONSTRAINT "credit_reservations_closed_state" CHECK ("status" = 'PENDING' OR ("settled_amount" + "released_amount" = "amount" AND "closed_at" IS NOT NULL)),
  CONSTRAINT "credit_reservations_settled_state" CHECK (("status" = 'SETTLED') = ("status" <> 'PENDING' AND "released_amount" = 0))
);
-- one reservation per key per tenant (a campaign's launch retried finds its reservation)
CREATE UNIQUE INDEX "credit_reservations_tenant_id_reservation_key_key" ON "credit_reservations"("tenant_id", "reservation_key");
CREATE INDEX "credit_reservations_tenant_id_status_created_at_idx" ON "credit_reservations"("tenant_id", "status", "created_at");
-- the expiry sweep (all tenants) reads open reservations by deadline only
CREATE INDEX "credit_reservations_open_expires_at_idx" ON "credit_reservations"("expires_at") WHERE "status" = 'PENDING';

CREATE TABLE "credit_transactions" (
  "id"              UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq"             BIGSERIAL NOT NULL,
  "tenant_id"       UUID NOT NULL,
  "idempotency_key" TEXT NOT NULL,
  "kind"            "CreditTransactionKind" NOT NULL,
  "amount"          INTEGER NOT NULL,
  "balance_after"   INTEGER NOT NULL,
  "reservation_id"  UUID,
  "description"     TEXT NOT NULL DEFAULT '',
  "actor_id"        UUID,
  "created_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "credit_transactions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "credit_transactions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "credit_transactions_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "credit_reservations"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "credit_transactions_key_length" CHECK (length("idempotency_key") BETWEEN 1 AND 255),
  CONSTRAINT "credit_transactions_balance_after_non_negative" CHECK ("balance_after" >= 0),
  -- the sign says the direction: credits come in as TOPUP/REFUND, go out as DEBIT
  CONSTRAINT "credit_transactions_amount_sign" CHECK (
    ("kind" IN ('TOPUP', 'REFUND') AND "amount" > 0) OR ("kind" = 'DEBIT' AND "amount" < 0) OR ("kind" = 'ADJUSTMENT' AND "amount" <> 0)),
  -- every debit is settled against a reservation, and only debits are
  CONSTRAINT "credit_transactions_debit_has_reservation" CHECK (("kind" = 'DEBIT') = ("reservation_id" IS NOT NULL))
);
-- exactly once per key: a retried top-up, debit or adjustment finds its row
CREATE UNIQUE INDEX "credit_transactions_tenant_id_idempotency_key_key" ON "credit_transactions"("tenant_id", "idempotency_key");
CREATE INDEX "credit_transactions_tenant_id_seq_idx" ON "credit_transactions"("tenant_id", "seq");
CREATE INDEX "credit_transactions_reservation_id_idx" ON "credit_transactions"("reservation_id");

CREATE TABLE "billing_transactions" (
  "id"                    UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"             UUID NOT NULL,
  "checkout_session_id"   TEXT NOT NULL,
  "pack_id"               TEXT NOT NULL,
  "credits"               INTEGER NOT NULL,
  "amount_minor"          INTEGER NOT NULL,
  "currency"              TEXT NOT NULL,
  "status"                "BillingTransactionStatus" NOT NULL DEFAULT 'OPEN',
  "checkout_url"          TEXT,
  "stripe_event_id"       TEXT,
  "credit_transaction_id" UUID,
  "created_by_id"         UUID,
  "created_at"            TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "paid_at"               TIMESTAMPTZ(3),
  CONSTRAINT "billing_transactions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "billing_transactions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "billing_transactions_credit_transaction_id_fkey" FOREIGN KEY ("credit_transaction_id") REFERENCES "credit_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "billing_transactions_session_format" CHECK ("checkout_session_id" ~ '^cs_[A-Za-z0-9_]{1,250}$'),
  CONSTRAINT "billing_transactions_credits_positive" CHECK ("credits" > 0),
  CONSTRAINT "billing_transactions_amount_positive" CHECK ("amount_minor" > 0),
  CONSTRAINT "billing_transactions_currency_format" CHECK ("currency" ~ '^[a-z]{3}$'),
  -- paid exactly when one Stripe event credited it: the event, the TOPUP and the time come together
  CONSTRAINT "billing_transactions_paid_state" CHECK (
    ("status" = 'OPEN' AND "stripe_event_id" IS NULL AND "credit_transaction_id" IS NULL AND "paid_at" IS NULL)
    OR ("status" = 'PAID' AND "stripe_event_id" IS NOT NULL AND "credit_transaction_id" IS NOT NULL AND "paid_at" IS NOT NULL))
);
-- one row per checkout session, so a session is credited at most once whatever events arrive
CREATE UNIQUE INDEX "billing_transactions_tenant_id_checkout_session_id_key" ON "billing_transactions"("tenant_id", "checkout_session_id");
-- one Stripe event pays one session. Per tenant, like webhook_events: the event id arrives signed
-- with the tenant's own connection secret, so a global key would let one tenant block another's.
CREATE UNIQUE INDEX "billing_transactions_tenant_id_stripe_event_id_key" ON "billing_transactions"("tenant_id", "stripe_event_id");
CREATE UNIQUE INDEX "billing_transactions_credit_transaction_id_key" ON "billing_transactions"("credit_transaction_id");
CREATE INDEX "billing_transactions_tenant_id_created_at_idx" ON "billing_transactions"("tenant_id", "created_at");

-- balance and reserved change only inside the ledger triggers (trigger depth > 1); an account
-- starts empty. Keeps "balance = sum of the ledger" true whatever code runs.
CREATE FUNCTION credit_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND (NEW."balance" <> 0 OR NEW."reserved" <> 0) THEN
    RAISE EXCEPTION 'a credit account starts at zero; credits arrive through the ledger' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW."balance" <> OLD."balance" OR NEW."reserved" <> OLD."reserved") AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'balance and reserved change only through credit_transactions and credit_reservations' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "credit_accounts_guard" BEFORE INSERT OR UPDATE ON "credit_accounts"
  FOR EACH ROW EXECUTE FUNCTION credit_accounts_guard();

-- A reservation is born PENDING with nothing settled; its amount never changes; settled_amount
-- moves only through DEBIT rows; once closed it is final (released exactly once).
CREATE FUNCTION credit_reservations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" <> 'PENDING' OR NEW."settled_amount" <> 0 THEN
      RAISE EXCEPTION 'a reservation starts PENDING with nothing settled' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD."status" <> 'PENDING' THEN
    RAISE EXCEPTION 'reservation % is closed (%); it cannot change', OLD."reservation_key", OLD."status" USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."amount" <> OLD."amount" OR NEW."tenant_id" <> OLD."tenant_id" OR NEW."reservation_key" <> OLD."reservation_key" THEN
    RAISE EXCEPTION 'a reservation''s tenant, key and amount are fixed' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."settled_amount" <> OLD."settled_amount" AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'settled_amount changes only through DEBIT ledger rows' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "credit_reservations_guard" BEFORE INSERT OR UPDATE ON "credit_reservations"
  FOR EACH ROW EXECUTE FUNCTION credit_reservations_guard();

-- reserved = the unsettled rest of PENDING reservations. The account's CHECK then refuses any
-- reservation the balance cannot cover, even one written without the wallet lock.
CREATE FUNCTION credit_reservations_track_reserved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta integer := 0;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."status" = 'PENDING' THEN
    delta := delta - (OLD."amount" - OLD."settled_amount");
  END IF;
  IF NEW."status" = 'PENDING' THEN
    delta := delta + (NEW."amount" - NEW."settled_amount");
  END IF;
  IF delta <> 0 THEN
    UPDATE "credit_accounts" SET "reserved" = "reserved" + delta, "updated_at" = CURRENT_TIMESTAMP WHERE "tenant_id" = NEW."tenant_id";
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no credit account for tenant %', NEW."tenant_id" USING ERRCODE = 'foreign_key_violation';
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "credit_reservations_track_reserved" AFTER INSERT OR UPDATE ON "credit_reservations"
  FOR EACH ROW EXECUTE FUNCTION credit_reservations_track_reserved();

-- Applying a ledger row: a DEBIT first settles against its open reservation (lowering reserved),
-- then every row moves the balance, and the row must state the balance that results.
CREATE FUNCTION credit_transactions_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  new_balance integer;
BEGIN
  IF NEW."kind" = 'DEBIT' THEN
    UPDATE "credit_reservations" SET "settled_amount" = "settled_amount" - NEW."amount"
     WHERE "id" = NEW."reservation_id" AND "tenant_id" = NEW."tenant_id" AND "status" = 'PENDING';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'a debit needs an open reservation of the same tenant' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  UPDATE "credit_accounts" SET "balance" = "balance" + NEW."amount", "updated_at" = CURRENT_TIMESTAMP
   WHERE "tenant_id" = NEW."tenant_id" RETURNING "balance" INTO new_balance;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no credit account for tenant %', NEW."tenant_id" USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF NEW."balance_after" <> new_balance THEN
    RAISE EXCEPTION 'balance_after % does not match the account balance % (ledger written without the wallet lock?)', NEW."balance_after", new_balance
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "credit_transactions_apply" BEFORE INSERT ON "credit_transactions"
  FOR EACH ROW EXECUTE FUNCTION credit_transactions_apply();

-- The ledger is append-only: a correction is a new ADJUSTMENT row, never an edit.
CREATE FUNCTION credit_transactions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_transactions is append-only; record an ADJUSTMENT instead' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER "credit_transactions_append_only" BEFORE UPDATE ON "credit_transactions"
  FOR EACH ROW EXECUTE FUNCTION credit_transactions_append_only();

SELECT app_protect_tenant_table(t) FROM unnest(ARRAY['credit_accounts', 'credit_transactions', 'credit_reservations', 'billing_transactions']::regclass[]) AS t;
