// Boundary schemas for accounts: sign-up, invitations, roles. Safe on both sides, so a form can
// show the same rules the server applies.
import { z } from 'zod';
import { singleLine } from './common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Not trimmed or otherwise changed: a password is exactly what was typed. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

export const companyNameSchema = singleLine(100);

export const ROLES = ['OWNER', 'ADMIN', 'STAFF', 'REP'] as const;
export const roleSchema = z.enum(ROLES, 'one of OWNER, ADMIN, STAFF, REP');
/** Owners are made by promotion inside the workspace, never by an invitation link. */
export const invitableRoleSchema = z.enum(['ADMIN', 'STAFF', 'REP'], 'one of ADMIN, STAFF, REP');

/** `sbi_` + 32 random bytes, base64url: what an /invite/<token> link carries. */
export const INVITATION_TOKEN_PATTERN = /^sbi_[A-Za-z0-9_-]{43}$/;
export const invitationTokenSchema = z
  .string()
  .regex(INVITATION_TOKEN_PATTERN, 'this invitation link is not valid');
