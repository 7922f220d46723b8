// The simulator's own Twilio account: its credentials (fixed development defaults unless set),
// its sender number, and the Basic auth its API checks, as Twilio's does.
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../../env';

export const API_VERSION = '2010-04-01';

/** The sender number the simulator's account owns (a fictional German number). */
export const SIMULATOR_FROM = '+4930123456';

const hex32 = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 32);

export function simulatorCredentials(): { accountSid: string; authToken: string } {
  const env = getEnv();
  return {
    accountSid: env.SIM_TWILIO_ACCOUNT_SID ?? `AC${hex32('switchboard-twilio-simulator-account')}`,
    authToken: env.SIM_TWILIO_AUTH_TOKEN ?? hex32('switchboard-twilio-simulator-token'),
  };
}

/** The Authorization header the SDK sends for these credentials. */
export const basicAuthorization = (c: { accountSid: string; authToken: string }) =>
  `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64')}`;

export function authorized(
  header: string | null,
  expected: { accountSid: string; authToken: string },
): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  const want = Buffer.from(`${expected.accountSid}:${expected.authToken}`);
  return given.length === want.length && timingSafeEqual(given, want);
}
