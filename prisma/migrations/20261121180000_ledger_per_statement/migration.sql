-- The ledger applies per statement instead of per row. A campaign chunk writes a hundred DEBIT
-- rows in one INSERT; the per-row trigger updated the reservation (and, through its trigger, the
-- account's reserved) and the balance once per row: four row updates and four trigger calls per
-- message, most of the database time of a send. Now one statement-level trigger settles each
-- reservation once with the sum of its debits and moves each tenant's balance once, and checks
-- every row's balance_after against the running balance in seq order — the same rules, the same
-- error codes, one update per reservation and per account per statement.
DROP TRIGGER "credit_transactions_apply" ON "credit_transactions";
DROP FUNCTION credit_transactions_apply();

CREATE FUNCTION credit_transactions_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
  t record;
  before_balance integer;
  mismatch record;
BEGIN
  -- DEBITs first settle against their open reservation of the same tenant (lowering reserved).
  FOR d IN
    SELECT reservation_id, tenant_id, -sum(amount)::integer AS total
      FROM new_rows WHERE kind = 'DEBIT' GROUP BY reservation_id, tenant_id ORDER BY reservation_id
  LOOP
    UPDATE "credit_reservations" SET "settled_amount" = "settled_amount" + d.total
     WHERE "id" = d.reservation_id AND "tenant_id" = d.tenant_id AND "status" = 'PENDING';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'a debit needs an open reservation of the same tenant' USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  -- Then each tenant's balance moves by the sum, and every row must state the balance that
  -- results from it and the rows before it (seq order, which is insertion order).
  FOR t IN SELECT tenant_id, sum(amount)::integer AS total FROM new_rows GROUP BY tenant_id ORDER BY tenant_id LOOP
    UPDATE "credit_accounts" SET "balance" = "balance" + t.total, "updated_at" = CURRENT_TIMESTAMP
     WHERE "tenant_id" = t.tenant_id RETURNING "balance" - t.total INTO before_balance;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no credit account for tenant %', t.tenant_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT x.balance_after, x.expected INTO mismatch
      FROM (SELECT "balance_after", before_balance + sum("amount") OVER (ORDER BY "seq") AS expected
              FROM new_rows WHERE tenant_id = t.tenant_id) x
     WHERE x.expected <> x.balance_after LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'balance_after % does not match the account balance % (ledger written without the wallet lock?)', mismatch.balance_after, mismatch.expected
        USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER "credit_transactions_apply" AFTER INSERT ON "credit_transactions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION credit_transactions_apply();
