// A worker started after a crash (SIGKILL, OOM kill, a container restart) frees the jobs its dead
// predecessor on the same host still holds, as soon as that one's heartbeat is stale, instead of
// leaving them to the minute cron. The cron waits for a full minute of silence because it cannot
// tell a dead worker from one that lost its database for a moment; on the same host a missing pid
// tells. The heartbeat must still be stale by the console's rule (two periods, while a live worker
// beats three times a period): where one hostname spans pid namespaces (host-networked containers)
// a live worker's pid can look missing, and its beats keep it safe.
import { hostname } from 'node:os';
import { withSystemTx } from '@/server/db/tx';
import { listHeartbeatsOfHost } from '@/server/domain/ops/heartbeats';
import { releaseJobsOfDeadWorkers } from '@/server/domain/jobs/stuck-jobs';
import { heartbeatStaleSeconds } from '@/server/domain/jobs/task-timeouts';
import { logger } from '@/server/obs/logger';

export function isProcessGone(pid: number): boolean {
  // Our own pid under another worker id: a predecessor in a pid namespace that was recreated.
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Schedules the release for each dead predecessor; stop() cancels what has not run yet. */
export async function releaseDeadPredecessors(
  selfWorkerId: string,
  heartbeatSeconds: number,
): Promise<{ stop: () => void }> {
  const timers = new Set<NodeJS.Timeout>();
  const stop = () => timers.forEach((t) => clearTimeout(t));
  const beats = await withSystemTx((tx) =>
    listHeartbeatsOfHost(tx, { hostname: hostname() }),
  ).catch((error: unknown) => {
    logger.warn({ err: error }, 'could not look for dead predecessors');
    return [];
  });
  // Its last job was taken at most one beat interval after its last beat, and a job counts as
  // orphaned once it has been locked for the stale period: wait for both, plus a second.
  const ripeAfter = heartbeatStaleSeconds(heartbeatSeconds) + heartbeatSeconds / 3 + 1;
  for (const beat of beats) {
    if (beat.workerId === selfWorkerId || !isProcessGone(beat.pid)) continue;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        withSystemTx((tx) =>
          releaseJobsOfDeadWorkers(tx, { graphileWorkerIds: beat.graphileWorkerIds }),
        ).then(
          (jobIds) => {
            if (jobIds.length)
              logger.warn(
                { predecessor: beat.workerId, jobIds },
                'released jobs held by a dead predecessor on this host',
              );
          },
          (error: unknown) =>
            logger.warn(
              { err: error, predecessor: beat.workerId },
              'could not release the jobs of a dead predecessor',
            ),
        );
      },
      Math.max(0, ripeAfter - beat.silentSeconds) * 1000,
    );
    timer.unref();
    timers.add(timer);
  }
  return { stop };
}
