// The call simulator in tests: a voice line (open around the clock, handing over to a fallback
// number) and a call placed on it through callSimulator.place. Needs APP_URL at a live webhook
// endpoint (tests/wallet/support.ts startStripeEndpoint routes Twilio's path too).
import type { Principal } from '../../src/server/domain/auth/principal';
import { callerFor } from '../helpers/fixtures';

export const SIM_LINE = {
  phone: '+4930901823',
  label: 'Simulated line',
  greeting: 'Hello, you have reached the test office.',
  language: 'en' as const,
  fallbackPhone: '+4930901824',
  openDays: [1, 2, 3, 4, 5, 6, 7],
  opensAt: '00:00',
  closesAt: '23:59',
  timeZone: 'UTC',
};
export const SIM_CALLER = '+4915112345678';

export async function placeTestCall(admin: Principal) {
  const line = await callerFor(admin).voiceLines.create(SIM_LINE);
  const call = await callerFor(admin).callSimulator.place({ lineId: line.id, from: SIM_CALLER });
  return { line, call };
}
