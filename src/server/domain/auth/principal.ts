import type { Role } from '../../db/generated/enums';

/** Who is calling, resolved from a console session or a bearer API token. */
export type Principal = {
  kind: 'session' | 'token';
  userId: string;
  tenantId: string;
  role: Role;
  tokenId?: string;
};

export const ADMIN_ROLES: readonly Role[] = ['OWNER', 'ADMIN'];
export const isAdminRole = (role: Role) => ADMIN_ROLES.includes(role);
