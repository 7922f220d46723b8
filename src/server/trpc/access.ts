// Who may do what: the role tiers, decided here for tRPC procedures and for the route handlers
// outside tRPC (route-guard.ts) alike.
import type { Role } from '../db/generated/enums';
import { ADMIN_ROLES, type Principal } from '../domain/auth/principal';

/** authed: any member; staff: office work (contacts), not field reps; admin: OWNER or ADMIN. */
export type AccessTier = 'authed' | 'staff' | 'admin';

const TIER_ROLES: Record<Exclude<AccessTier, 'authed'>, readonly Role[]> = {
  staff: ['OWNER', 'ADMIN', 'STAFF'],
  admin: ADMIN_ROLES,
};

export type AccessRefusal = { code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string };

/**
 * Why `principal` may not act at `tier`, or null when it may. `authError` is the resolver's
 * reason for a bad credential; `action` names what is refused in the 403 message.
 */
export function accessRefusal(
  principal: Principal | null,
  tier: AccessTier,
  options: { authError?: string; action?: string } = {},
): AccessRefusal | null {
  if (!principal)
    return {
      code: 'UNAUTHORIZED',
      message: options.authError ?? 'sign in or send a bearer API token',
    };
  if (tier === 'authed') return null;
  const roles = TIER_ROLES[tier];
  if (roles.includes(principal.role)) return null;
  return {
    code: 'FORBIDDEN',
    message: `${options.action ?? 'this action'} needs the ${roleList(roles)} role`,
  };
}

function roleList(roles: readonly Role[]): string {
  return roles.length < 2
    ? roles.join('')
    : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}
