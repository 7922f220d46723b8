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
  if (
    row.previousSecretCiphertext &&
    row.previousSecretExpiresAt &&
    row.previousSecretExpiresAt.getTime() > now.getTime()
  ) {
    secrets.push(openSecret(row.previousSecretCiphertext, secretContext(row.publicId)));
  }
  return secrets;
}

/** A connection's secrets opened once, with the ciphertext each came from (the store re-checks
 * that ciphertext against the row, see src/server/webhooks/connection-cache.ts). */
export type OpenedSecrets = {
  current: { secret: string; ciphertext: string };
  previous: { secret: string; ciphertext: string; expiresAt: Date } | null;
};

export function openConnectionSecrets(row: SealedConnectionSecrets): OpenedSecrets {
  const context = secretContext(row.publicId);
  return {
    current: {
      secret: openSecret(row.secretCiphertext, context),
      ciphertext: row.secretCiphertext,
    },
    previous:
      row.previousSecretCiphertext && row.previousSecretExpiresAt
        ? {
            secret: openSecret(row.previousSecretCiphertext, context),
            ciphertext: row.previousSecretCiphertext,
            expiresAt: row.previousSecretExpiresAt,
          }
        : null,
  };
}

/** Same rule as activeSecrets, over already opened secrets: index 0 is the current one. */
export function activeOpenedSecrets(
  opened: OpenedSecrets,
  now: Date,
): { secret: string; ciphertext: string }[] {
  const active = [opened.current];
  if (opened.previous && opened.previous.expiresAt.getTime() > now.getTime())
    active.push(opened.previous);
  return active;
}
