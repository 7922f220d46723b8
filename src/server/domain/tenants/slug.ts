// A company's slug (it appears in URLs): derived from its name, made unique among tenants.
import type { Tx } from '../../db/tx';
import { withLock } from '../../db/lock';

/** Room for a "-NNNN" suffix under the 63-character limit of tenants_slug_format. */
const BASE_MAX = 50;

/** "Müller & Söhne GmbH" → "muller-sohne-gmbh"; a name with no usable letters → "company". */
export function slugBase(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, BASE_MAX)
    .replace(/^-+|-+$/g, '');
  return base.length >= 2 ? base : 'company';
}

/** The first free of base, base-2, base-3 … Smallest suffix, so slugs stay short. */
export function firstFreeSlug(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * A unique slug for a new tenant named `name`. Needs the system scope (it reads every tenant's
 * slug). Holds a lock on the base until the transaction ends, so two sign-ups of "Acme" at once
 * get acme and acme-2 rather than one unique violation.
 */
export async function claimTenantSlug(tx: Tx, name: string): Promise<string> {
  const base = slugBase(name);
  return withLock(tx, `tenant:slug:${base}`, async () => {
    const rows = await tx.tenant.findMany({
      where: { slug: { startsWith: base } },
      select: { slug: true },
    });
    return firstFreeSlug(
      base,
      rows.map((r) => r.slug),
    );
  });
}
