// Self-service sign-up: a new company and its owner, unless the deployment is closed.
import { withSystemTx } from '../../db/tx';
import { getEnv } from '../../env';
import { ForbiddenError } from '../errors';
import { createTenantWithOwner, type CreatedTenant } from './create-tenant';

export const SIGN_UP_CLOSED_MESSAGE =
  'sign-up is turned off on this deployment; ask an administrator of your company for an invitation';

/**
 * SIGNUP_ENABLED when set; otherwise on everywhere but production (the demo, SWITCHBOARD_DEMO=1,
 * counts as not production). A production deployment is usually one company's back office, where
 * anyone on the internet creating workspaces is the exception: it opts in.
 */
export function isSignUpEnabled(): boolean {
  const env = getEnv();
  if (env.SIGNUP_ENABLED) return env.SIGNUP_ENABLED === 'true';
  return env.NODE_ENV !== 'production' || process.env.SWITCHBOARD_DEMO === '1';
}

export type SignUpInput = { company: string; ownerName: string; email: string; password: string };

// opens its own transaction (system scope: there is no tenant before this)
export async function signUp(input: SignUpInput): Promise<CreatedTenant> {
  if (!isSignUpEnabled()) throw new ForbiddenError(SIGN_UP_CLOSED_MESSAGE);
  return withSystemTx((tx) => createTenantWithOwner(tx, { ...input, via: 'signup' }));
}
