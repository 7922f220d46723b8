// The second dedupe key of providers whose event id travels outside the signature (Shopify,
// Chatwoot): a digest of exactly the bytes the signature covers, so a captured delivery replayed
// under a new id header repeats it and is refused as a duplicate. Not a secret (no key), and no
// MAC is needed: the signature already proved these bytes came from the provider.
import { createHash } from 'node:crypto';

/** "sha256:" + the hex SHA-256 of the parts, in the order the provider signs them. */
export function signedKeyOf(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return `sha256:${hash.digest('hex')}`;
}
