// Beats three times per period so a dead worker is noticed within one period (/ready treats a
// beat older than the period as stale).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { withSystemTx } from '@/server/db/tx';
import { recordHeartbeat, removeHeartbeat } from '@/server/domain/ops/heartbeats';
import { logger } from '@/server/obs/logger';

export type HeartbeatHandle = { workerId: string; stop: () => Promise<void> };

export async function startHeartbeat(
  periodSeconds: number,
  graphileWorkerIds: () => string[],
): Promise<HeartbeatHandle> {
  const beat = {
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    hostname: hostname(),
    pid: process.pid,
    startedAt: new Date(),
  };
  const send = () =>
    withSystemTx((tx) => recordHeartbeat(tx, { ...beat, graphileWorkerIds: graphileWorkerIds() }));
  await send();
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      inFlight = send().catch((error: unknown) => logger.warn({ err: error }, 'heartbeat failed'));
    },
    (periodSeconds * 1000) / 3,
  );
  timer.unref();
  return {
    workerId: beat.workerId,
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      // Gone on purpose: say so at once instead of waiting for the beat to go stale.
      await withSystemTx((tx) => removeHeartbeat(tx, { workerId: beat.workerId })).catch(
        () => undefined,
      );
    },
  };
}
