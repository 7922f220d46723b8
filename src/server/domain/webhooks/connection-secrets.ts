// Which secrets verify a delivery right now: the current one, plus the previous one until the
// grace deadline set by the last rotation.
import { openSecret } from './secret-box';

export type SealedConnectionSecrets = {
  publicId: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
};

export const secretContext = (publicId: string) => `webhook_connection:${publicId}`;

export function activeSecrets(row: SealedConnectionSecrets, now: Date): string[] {
  const secrets = [openSecret(row.secretCiphertext, secretContext(row.publicId))];
  if (row.previousSecretCiphertext && row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > now.getTime()) {
    secrets.push(openSecret(row.previousSecretCiphertext, secretContext(row.publicId)));
  }
  return secrets;
}
