// One console sign-in attempt: throttle check, password check, and the counts, in one transaction
// (the throttle rows stay locked for the attempt). A locked key is refused before the password is
// looked at, and unknown and known e-mails are counted and refused alike.
import type { Tx } from '../../db/tx';
import { verifyCredentials, type SignedInUser } from './credentials';
import {
  beginSignInAttempt,
  recordSignInFailure,
  recordSignInSuccess,
  signInKeys,
} from './sign-in-throttle';

export type SignInAttempt = {
  email: string;
  password: string;
  address: string;
  /** The workspace to start in when the person belongs to several (see verifyCredentials). */
  tenantId?: string;
};

export type SignInOutcome =
  | { outcome: 'success'; user: SignedInUser }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

export async function attemptSignIn(tx: Tx, input: SignInAttempt): Promise<SignInOutcome> {
  const keys = signInKeys(input.email, input.address);
  const wait = await beginSignInAttempt(tx, keys);
  if (wait > 0) return { outcome: 'throttled', retryAfterSeconds: wait };
  const user = await verifyCredentials(tx, {
    email: input.email,
    password: input.password,
    preferredTenantId: input.tenantId,
  });
  if (!user) {
    await recordSignInFailure(tx, keys);
    return { outcome: 'invalid' };
  }
  await recordSignInSuccess(tx, keys);
  return { outcome: 'success', user };
}
