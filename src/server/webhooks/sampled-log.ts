// A rejected-delivery flood must not become a log flood: at most one line per second per
// (provider, reason), with the number of lines skipped since the last one.
import { logger } from '../obs/logger';

const last = new Map<string, { at: number; skipped: number }>();

export function logRejection(
  provider: string,
  reason: string,
  fields: Record<string, unknown>,
): void {
  const key = `${provider}:${reason}`;
  const now = Date.now();
  const entry = last.get(key);
  if (entry && now - entry.at < 1_000) {
    entry.skipped += 1;
    return;
  }
  last.set(key, { at: now, skipped: 0 });
  logger.warn(
    { provider, reason, skippedSinceLast: entry?.skipped ?? 0, ...fields },
    'webhook rejected',
  );
}
