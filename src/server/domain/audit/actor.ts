// Who a domain function acts for: what the audit trail records (tenant, person) and what the few
// role-dependent rules read. Built from the request's principal, or the system's for jobs.
import type { Role } from '../../db/generated/enums';
import type { Principal } from '../auth/principal';

export type Actor = {
  tenantId: string;
  /** The person acting (a session's user, a token's owner); null when the system acts. */
  userId: string | null;
  kind: 'user' | 'token' | 'system';
  /** The person's role in the tenant; null for the system. */
  role: Role | null;
};

export function actorOf(principal: Principal): Actor {
  return {
    tenantId: principal.tenantId,
    userId: principal.userId,
    kind: principal.kind === 'token' ? 'token' : 'user',
    role: principal.role,
  };
}

/** Work nobody asked for in person: jobs, reconcilers, provider webhooks. */
export function systemActor(tenantId: string): Actor {
  return { tenantId, userId: null, kind: 'system', role: null };
}
