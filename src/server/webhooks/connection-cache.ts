// Connections as resolved from webhook URLs, kept briefly in this process so a delivery costs one
// database round trip (the store) instead of two. Round trips, not SQL, were most of a
// delivery's cost in the bench profile (socket writes and wakeups on both sides).
//
// A cached entry is only ever a hint; no guarantee rests on it:
// - the store statement re-checks, atomically with the insert, that the secret which verified
//   the delivery is still the connection's current one, or its previous one within the grace
//   period, and that the connection still belongs to the tenant (app_store_webhook_event); if
//   not, the caller reloads the connection and verifies again (a rotation with no grace period,
//   or a deleted connection, takes effect on the very next delivery, as without a cache);
// - a delivery that fails verification against a cached entry is verified again against a
//   fresh lookup before it is refused (the sender may already use a newly rotated secret);
// - the WhatsApp handshake and the rejected-payload path always look the connection up afresh.
// Entries expire after TTL_MS and the cache holds at most MAX_ENTRIES (oldest dropped first), so
// memory is bounded and secrets do not linger for connections no longer in use.
import { openConnectionSecrets, type OpenedSecrets } from '../domain/connections/secrets';
import type { ProviderName } from '../providers/types';
import { findConnection, type ConnectionRow } from './store';

export type ResolvedConnection = { row: ConnectionRow; secrets: OpenedSecrets };

const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

type Entry = { value: ResolvedConnection; expiresAt: number };
const entries = new Map<string, Entry>();

const keyOf = (provider: ProviderName, publicId: string) => `${provider}:${publicId}`;

/** The cached connection, or null (then call loadConnection). */
export function cachedConnection(
  provider: ProviderName,
  publicId: string,
): ResolvedConnection | null {
  const key = keyOf(provider, publicId);
  const entry = entries.get(key);
  if (!entry) return null;
  if (entry.expiresAt <= performance.now()) {
    entries.delete(key);
    return null;
  }
  return entry.value;
}

/** Looks the connection up in the database (always) and caches what it found; null when none. */
export async function loadConnection(
  provider: ProviderName,
  publicId: string,
): Promise<ResolvedConnection | null> {
  const key = keyOf(provider, publicId);
  const row = await findConnection(provider, publicId);
  if (!row) {
    entries.delete(key);
    return null;
  }
  const value = { row, secrets: openConnectionSecrets(row) };
  entries.delete(key); // re-insert at the end: Map order is the eviction order
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(key, { value, expiresAt: performance.now() + TTL_MS });
  return value;
}
