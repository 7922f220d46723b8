// Webhook secrets at rest: AES-256-GCM under SECRETS_ENCRYPTION_KEY, with the row's public id as
// additional authenticated data so a ciphertext copied onto another connection does not open.
// Format: v1.<iv>.<tag>.<ciphertext> (base64url); the version leaves room for a key rotation.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { getEnv } from '../../env';

const ALGORITHM = 'aes-256-gcm';
let cachedKey: { source: string | undefined; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const env = getEnv();
  const source = env.SECRETS_ENCRYPTION_KEY;
  if (cachedKey && cachedKey.source === source) return cachedKey.key;
  let key: Buffer;
  if (source) {
    key = /^[0-9a-f]{64}$/i.test(source)
      ? Buffer.from(source, 'hex')
      : Buffer.from(source, 'base64');
    if (key.length !== 32)
      throw new Error('SECRETS_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64');
  } else {
    if (env.NODE_ENV === 'production' && process.env.SWITCHBOARD_DEMO !== '1') {
      throw new Error('SECRETS_ENCRYPTION_KEY must be set in production');
    }
    // Fixed development key so `npm start` works with no configuration; never used in production.
    key = createHash('sha256')
      .update('switchboard-development-secrets-key-not-for-production')
      .digest();
  }
  cachedKey = { source, key };
  return key;
}

export function sealSecret(plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, encryptionKey(), iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

export function openSecret(sealed: string, context: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
    throw new Error('unrecognised sealed secret format');
  const decipher = createDecipheriv(ALGORITHM, encryptionKey(), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
