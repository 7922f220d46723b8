-- Console sessions, so that signing out ends one on the server: next-auth's JWT is a bearer
-- credential that stays valid until it expires, so a copy taken before sign-out would go on
-- working. The JWT carries a session's id (claim sid, set at sign-in, src/server/auth/options.ts);
-- every request checks the row (src/server/auth/resolve.ts). Sign-out and a member's removal set
-- revoked_at.
CREATE TABLE "sessions" (
  "id"         UUID NOT NULL DEFAULT gen_random_uuid(),
  "tenant_id"  UUID NOT NULL,
  "user_id"    UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "sessions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "sessions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "sessions_expiry_after_creation" CHECK ("expires_at" > "created_at")
);
-- a member's removal revokes their open sessions in that workspace
CREATE INDEX "sessions_tenant_id_user_id_idx" ON "sessions"("tenant_id", "user_id");

SELECT app_protect_tenant_table('sessions');
