// The task registry's timeouts in the shape the stuck-job SQL functions take.
import { taskDefinitions } from '../../jobs/definitions';

/** A job may run this long past its own timeout before it counts as stuck (the wrapper's timer
 *  should have failed it by then; past this, the process is wedged or gone). */
export const STUCK_GRACE_SECONDS = 60;

export function taskTimeoutsJson(): string {
  return JSON.stringify(
    Object.entries(taskDefinitions).map(([task, d]) => ({ task, timeout_ms: d.timeoutMs })),
  );
}

/** A heartbeat older than this many seconds means the worker is gone (readiness uses one period). */
export function heartbeatStaleSeconds(heartbeatPeriodSeconds: number): number {
  return heartbeatPeriodSeconds * 2;
}
