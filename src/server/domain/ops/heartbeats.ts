// Worker liveness rows. worker_heartbeats is not tenant-owned, so no tenant scope applies.
import type { Tx } from '../../db/tx';

export type Heartbeat = {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  graphileWorkerIds: string[];
};

export async function recordHeartbeat(tx: Tx, beat: Heartbeat): Promise<void> {
  await tx.workerHeartbeat.upsert({
    where: { workerId: beat.workerId },
    create: { ...beat, beatAt: new Date() },
    update: { beatAt: new Date(), graphileWorkerIds: beat.graphileWorkerIds },
  });
}

export async function removeHeartbeat(tx: Tx, { workerId }: { workerId: string }): Promise<void> {
  await tx.workerHeartbeat.deleteMany({ where: { workerId } });
}

export async function pruneWorkerHeartbeats(
  tx: Tx,
  { olderThanSeconds }: { olderThanSeconds: number },
): Promise<number> {
  const { count } = await tx.workerHeartbeat.deleteMany({
    where: { beatAt: { lt: new Date(Date.now() - olderThanSeconds * 1000) } },
  });
  return count;
}

/** Age in seconds of the most recent beat from any worker, or null when none ever beat. */
export async function getFreshestHeartbeatAge(tx: Tx): Promise<number | null> {
  const rows = await tx.$queryRaw<{ age: number | null }[]>`
    SELECT extract(epoch FROM now() - max(beat_at))::float8 AS age FROM worker_heartbeats`;
  return rows[0]?.age ?? null;
}

/** The workers that beat from this host, with how long each has been silent (by the database clock). */
export async function listHeartbeatsOfHost(tx: Tx, { hostname }: { hostname: string }) {
  return tx.$queryRaw<
    { workerId: string; pid: number; graphileWorkerIds: string[]; silentSeconds: number }[]
  >`
    SELECT worker_id AS "workerId", pid, graphile_worker_ids AS "graphileWorkerIds", extract(epoch FROM now() - beat_at)::float8 AS "silentSeconds"
      FROM worker_heartbeats WHERE hostname = ${hostname}`;
}
