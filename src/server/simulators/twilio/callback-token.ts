// Which auth token the Twilio simulator signs a status callback with. Real Twilio signs with the
// account's auth token, which the receiver was configured with; here each Twilio webhook
// connection has its own generated secret standing in for that token, and the callback URL names
// the connection (/api/webhooks/twilio/<publicId>). So the token is looked up from the URL, the
// way the ingest itself resolves a URL: a system-role read of that one connection (resolving a
// tenant from a URL is what the system role is for). The simulator keeps no copy of the secret
// and writes nothing to tenant tables. A callback URL that names no connection (somewhere else
// entirely) is signed with the simulator account's own token, as Twilio would.
import { withSystemTx } from '../../db/tx';
import { activeSecrets } from '../../domain/connections/secrets';

const CONNECTION_PATH = /^\/api\/webhooks\/twilio\/([A-Za-z0-9_-]{1,100})\/?$/;

/** The connection's current secret, or null when the URL names no Twilio connection. */
export async function twilioCallbackAuthToken(
  callbackUrl: string,
  now = new Date(),
): Promise<string | null> {
  const match = CONNECTION_PATH.exec(new URL(callbackUrl).pathname);
  if (!match) return null;
  const publicId = match[1]!;
  const row = await withSystemTx((tx) =>
    tx.webhookConnection.findFirst({
      where: { provider: 'twilio', publicId },
      select: {
        publicId: true,
        secretCiphertext: true,
        previousSecretCiphertext: true,
        previousSecretExpiresAt: true,
      },
    }),
  );
  if (!row) return null;
  return activeSecrets(row, now)[0] ?? null;
}
