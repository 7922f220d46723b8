-- Password guessing: failed sign-ins counted per account (a hash of the e-mail as typed, so an
-- address with no account is throttled exactly like one with) and per client address. After the
-- free failures each further failure locks the key for a growing time (src/server/domain/auth/
-- sign-in-throttle.ts). Not a tenant table: no tenant is known before sign-in.
CREATE TABLE "sign_in_throttles" (
  "key"             TEXT NOT NULL,
  "failures"        INTEGER NOT NULL DEFAULT 0,
  "locked_until"    TIMESTAMPTZ(3),
  "last_failure_at" TIMESTAMPTZ(3),
  CONSTRAINT "sign_in_throttles_pkey" PRIMARY KEY ("key"),
  CONSTRAINT "sign_in_throttles_key_shape" CHECK ("key" ~ '^(account|address):.{1,100}$'),
  CONSTRAINT "sign_in_throttles_failures_nonnegative" CHECK ("failures" >= 0)
);
-- The sweep drops keys whose last failure is old.
CREATE INDEX "sign_in_throttles_last_failure_at_idx" ON "sign_in_throttles"("last_failure_at");
