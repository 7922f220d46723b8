// The audience a campaign sends to, for the campaigns domain: contacts matching a tag filter,
// each marked sendable or skipped with the reason. Rules: an opted-out number is never sent to
// (SKIPPED: OPTED_OUT); marketing needs consent GRANTED (UNKNOWN or WITHDRAWN → SKIPPED: NO_CONSENT).
import { z } from 'zod';
import { Prisma } from '../../db/generated/client';
import type { Tx } from '../../db/tx';
import { tagSchema } from './fields';

export const audienceFilterSchema = z.object({
  /** Contacts with at least one of these tags (empty or omitted: no restriction). */
  tagsAny: z.array(tagSchema).max(50).default([]),
  /** Contacts with every one of these tags. */
  tagsAll: z.array(tagSchema).max(50).default([]),
  /** Contacts with none of these tags. */
  tagsNone: z.array(tagSchema).max(50).default([]),
});
export type AudienceFilter = z.output<typeof audienceFilterSchema>;

export type AudienceSkipReason = 'OPTED_OUT' | 'NO_CONSENT';

export function audienceSkipReason(contact: {
  optedOut: boolean;
  consent: string;
}): AudienceSkipReason | null {
  if (contact.optedOut) return 'OPTED_OUT';
  if (contact.consent !== 'GRANTED') return 'NO_CONSENT';
  return null;
}

/**
 * WHERE conditions over `contacts` aliased `alias` (RLS adds the tenant), for set-based SQL such
 * as INSERT INTO campaign_recipients … SELECT … FROM contacts c WHERE ${audienceWhereSql(f)}.
 * The tag tests use && / @> so the GIN index on tags serves them.
 */
export function audienceWhereSql(filter: AudienceFilter, alias = 'c'): Prisma.Sql {
  const col = Prisma.raw(`"${alias.replace(/"/g, '')}".tags`);
  const parts: Prisma.Sql[] = [Prisma.sql`true`];
  if (filter.tagsAny.length > 0) parts.push(Prisma.sql`${col} && ${filter.tagsAny}::text[]`);
  if (filter.tagsAll.length > 0) parts.push(Prisma.sql`${col} @> ${filter.tagsAll}::text[]`);
  if (filter.tagsNone.length > 0)
    parts.push(Prisma.sql`NOT (${col} && ${filter.tagsNone}::text[])`);
  return Prisma.join(parts, ' AND ');
}

/** The skip reason as a SQL expression (NULL = send), same rule as audienceSkipReason. */
export function audienceSkipReasonSql(alias = 'c'): Prisma.Sql {
  const a = Prisma.raw(`"${alias.replace(/"/g, '')}"`);
  return Prisma.sql`CASE WHEN ${a}.opted_out THEN 'OPTED_OUT' WHEN ${a}.consent <> 'GRANTED' THEN 'NO_CONSENT' END`;
}

export type AudienceCounts = {
  total: number;
  sendable: number;
  optedOut: number;
  noConsent: number;
};

/** What a campaign editor shows before launch: how many match, how many would be sent to. */
export async function countAudience(tx: Tx, filter: AudienceFilter): Promise<AudienceCounts> {
  const [row] = await tx.$queryRaw<{ total: bigint; opted_out: bigint; no_consent: bigint }[]>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE c.opted_out) AS opted_out,
           count(*) FILTER (WHERE NOT c.opted_out AND c.consent <> 'GRANTED') AS no_consent
      FROM contacts c WHERE ${audienceWhereSql(filter)}`;
  const total = Number(row?.total ?? 0);
  const optedOut = Number(row?.opted_out ?? 0);
  const noConsent = Number(row?.no_consent ?? 0);
  return { total, sendable: total - optedOut - noConsent, optedOut, noConsent };
}

export type AudienceMember = {
  id: string;
  phone: string;
  name: string | null;
  email: string | null;
  tags: string[];
  skipReason: AudienceSkipReason | null;
};

/** One page of the audience in id order (keyset: pass the last id back as `afterId`). */
export async function listAudiencePage(
  tx: Tx,
  { filter, ...page }: { filter: AudienceFilter; afterId?: string; limit: number },
): Promise<AudienceMember[]> {
  const after = page.afterId ? Prisma.sql`AND c.id > ${page.afterId}::uuid` : Prisma.empty;
  const rows = await tx.$queryRaw<
    {
      id: string;
      phone: string;
      name: string | null;
      email: string | null;
      tags: string[];
      skip_reason: AudienceSkipReason | null;
    }[]
  >`
    SELECT c.id, c.phone, c.name, c.email, c.tags, ${audienceSkipReasonSql()} AS skip_reason
      FROM contacts c WHERE ${audienceWhereSql(filter)} ${after}
     ORDER BY c.id LIMIT ${page.limit}`;
  return rows.map((r) => ({
    id: r.id,
    phone: r.phone,
    name: r.name,
    email: r.email,
    tags: r.tags,
    skipReason: r.skip_reason,
  }));
}
