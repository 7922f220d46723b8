// Where providers (and the local simulators) reach this app: its public origin. Webhook URLs are
// this origin plus a connection's path; Checkout return URLs and the Twilio simulator use it too.
import { getEnv } from '../../env';

export function appOrigin(): string {
  const env = getEnv();
  return (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}
