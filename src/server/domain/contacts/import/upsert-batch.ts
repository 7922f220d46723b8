// One multi-row upsert per batch of distinct phones, in a single statement: the rows go in as one
// JSON parameter (no per-row round trips), existing contacts are merged by the rules below, and
// every consent change is written to the audit trail by the same statement.
//   name, email, consent: an explicit value in the file overwrites; a blank never clears.
//   tags: the union, existing tags first, capped at 50 (the table's CHECK).
//   opted_out is not touched: an opted-out contact stays opted out whatever the file says.
import type { Tx } from '../../../db/tx';
import type { Actor } from '../../audit/actor';
import type { ImportRow } from './row';

export type BatchOutcome = { created: number; updated: number };

export async function upsertContactBatch(
  tx: Tx,
  { actor, source, rows }: { actor: Actor; source: string; rows: ImportRow[] },
): Promise<BatchOutcome> {
  const scope = { tenantId: actor.tenantId, actorId: actor.userId, source };
  if (rows.length === 0) return { created: 0, updated: 0 };
  // Sorted so concurrent writers lock rows in one order (no deadlocks between overlapping batches).
  const sorted = [...rows].sort((a, b) => (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));
  const [result] = await tx.$queryRaw<{ created: bigint; updated: bigint }[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(sorted)}::jsonb)
        AS r(phone text, name text, email text, tags text[], consent "MarketingConsent")
    ),
    before AS (
      SELECT c.phone, c.consent FROM contacts c JOIN input i ON i.phone = c.phone WHERE c.tenant_id = ${scope.tenantId}::uuid
    ),
    upserted AS (
      INSERT INTO contacts AS c (tenant_id, phone, name, email, tags, consent, consent_updated_at, consent_source)
      SELECT ${scope.tenantId}::uuid, i.phone, i.name, i.email, coalesce(i.tags, '{}'), coalesce(i.consent, 'UNKNOWN'),
             CASE WHEN i.consent IS NOT NULL THEN now() END, CASE WHEN i.consent IS NOT NULL THEN ${scope.source} END
        FROM input i
      ON CONFLICT (tenant_id, phone) DO UPDATE SET
        name = coalesce(EXCLUDED.name, c.name),
        email = coalesce(EXCLUDED.email, c.email),
        tags = (SELECT coalesce(array_agg(t ORDER BY o), '{}')
                  FROM (SELECT t, min(o) AS o FROM unnest(c.tags || EXCLUDED.tags) WITH ORDINALITY AS u(t, o)
                         GROUP BY t ORDER BY min(o) LIMIT 50) kept),
        consent = CASE WHEN EXCLUDED.consent_source IS NOT NULL THEN EXCLUDED.consent ELSE c.consent END,
        consent_updated_at = CASE WHEN EXCLUDED.consent_source IS NOT NULL AND EXCLUDED.consent <> c.consent THEN now() ELSE c.consent_updated_at END,
        consent_source = CASE WHEN EXCLUDED.consent_source IS NOT NULL AND EXCLUDED.consent <> c.consent THEN EXCLUDED.consent_source ELSE c.consent_source END,
        updated_at = now()
      RETURNING c.id, c.phone, c.consent, (c.xmax = 0) AS inserted
    ),
    audited AS (
      INSERT INTO audit_entries (tenant_id, actor_id, action, subject, detail)
      SELECT ${scope.tenantId}::uuid, ${scope.actorId}::uuid, 'contact.consent_changed', 'contact:' || u.id,
             jsonb_build_object('from', b.consent, 'to', u.consent, 'source', ${scope.source}::text)
        FROM upserted u LEFT JOIN before b ON b.phone = u.phone
       WHERE u.consent IS DISTINCT FROM coalesce(b.consent, 'UNKNOWN')
      RETURNING 1
    )
    SELECT count(*) FILTER (WHERE inserted) AS created, count(*) FILTER (WHERE NOT inserted) AS updated,
           (SELECT count(*) FROM audited) AS audited
      FROM upserted`;
  return { created: Number(result?.created ?? 0), updated: Number(result?.updated ?? 0) };
}
