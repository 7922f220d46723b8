// Dead letters as admins see and repair them, always inside the caller's tenant transaction:
// RLS limits every read and write to the caller's tenant, so another tenant's id is simply not
// found (404). Platform dead letters (tenant_id NULL: cron maintenance) match no tenant; they are
// counted in the dead_letters metric and handled by operators with withSystemTx, because a tenant
// admin must not re-run or drop work that spans every tenant.
import type { Tx } from '../../db/tx';
import type { Prisma } from '../../db/generated/client';
import { isTaskName, taskDefinitions } from '../../jobs/definitions';
import { redactText, redactValue } from '@/lib/redact';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { ConflictError, NotFoundError } from '../errors';

export const DEAD_LETTER_STATUSES = ['dead', 'retrying', 'resolved', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export type DeadLetterFilter = {
  status?: DeadLetterStatus;
  task?: string;
  /** Substring of the last error, case-insensitive. */
  errorContains?: string;
  failedAfter?: Date;
  failedBefore?: Date;
};

/** Most dead letters one bulk retry touches; the console says so when a filter matches more. */
export const BULK_RETRY_LIMIT = 200;

const viewSelect = {
  id: true,
  jobId: true,
  task: true,
  jobKey: true,
  payload: true,
  lastError: true,
  attempts: true,
  firstFailedAt: true,
  lastFailedAt: true,
  status: true,
  retryCount: true,
  retriedAt: true,
  resolvedAt: true,
  discardedAt: true,
  discardReason: true,
  requestId: true,
} satisfies Prisma.DeadLetterSelect;

type DeadLetterRow = Prisma.DeadLetterGetPayload<{ select: typeof viewSelect }>;

/** What the console shows: ids as strings, payload and error with PII masked. */
function toView(row: DeadLetterRow) {
  return {
    ...row,
    jobId: row.jobId.toString(),
    // unknown, not JsonValue: the recursive JSON type is too deep for the client's inference
    payload: redactValue(row.payload),
    lastError: redactText(row.lastError),
    discardReason: row.discardReason && redactText(row.discardReason),
  };
}
export type DeadLetterView = ReturnType<typeof toView>;

function whereOf(filter: DeadLetterFilter): Prisma.DeadLetterWhereInput {
  return {
    status: filter.status,
    task: filter.task,
    lastError: filter.errorContains
      ? { contains: filter.errorContains, mode: 'insensitive' }
      : undefined,
    lastFailedAt:
      filter.failedAfter || filter.failedBefore
        ? { gte: filter.failedAfter, lt: filter.failedBefore }
        : undefined,
  };
}

export async function listDeadLetters(tx: Tx, input: DeadLetterFilter & { limit: number }) {
  const { limit, ...filter } = input;
  const where = whereOf(filter);
  const [rows, total] = await Promise.all([
    tx.deadLetter.findMany({
      where,
      orderBy: [{ lastFailedAt: 'desc' }, { id: 'asc' }],
      take: limit,
      select: viewSelect,
    }),
    tx.deadLetter.count({ where }),
  ]);
  return { items: rows.map(toView), total };
}

export async function getDeadLetter(tx: Tx, { id }: { id: string }): Promise<DeadLetterView> {
  const row = await tx.deadLetter.findUnique({ where: { id }, select: viewSelect });
  if (!row) throw new NotFoundError('dead letter not found');
  return toView(row);
}

/** Counts by status and by task (open ones) for the Operations front page. */
export async function countDeadLetters(tx: Tx) {
  const [byStatus, openByTask] = await Promise.all([
    tx.deadLetter.groupBy({ by: ['status'], _count: { _all: true } }),
    tx.deadLetter.groupBy({
      by: ['task'],
      where: { status: 'dead' },
      _count: { _all: true },
      orderBy: { task: 'asc' },
    }),
  ]);
  const status = Object.fromEntries(
    DEAD_LETTER_STATUSES.map((s) => [s, byStatus.find((r) => r.status === s)?._count._all ?? 0]),
  ) as Record<DeadLetterStatus, number>;
  return { status, openByTask: openByTask.map((r) => ({ task: r.task, count: r._count._all })) };
}

/**
 * Re-runs the work under the same job key: the permanently failed graphile job is revived in
 * place (same id and key) with a fresh attempts budget, or re-enqueued under its key if graphile
 * no longer has it. Claiming the row first (status dead → retrying) makes concurrent retries of
 * one dead letter run it once: the loser's conditional update matches nothing.
 */
export async function retryDeadLetter(
  tx: Tx,
  { id, actor }: { id: string; actor: Actor },
): Promise<{ id: string; jobId: string }> {
  const row = await tx.deadLetter.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('dead letter not found');
  if (row.status !== 'dead')
    throw new ConflictError(
      `this dead letter is ${row.status}; only open dead letters can be retried`,
      { status: row.status },
    );
  if (!isTaskName(row.task))
    throw new ConflictError(`task ${row.task} no longer exists; discard this dead letter instead`);
  const claimed = await tx.deadLetter.updateMany({
    where: { id, status: 'dead' },
    data: {
      status: 'retrying',
      retryCount: { increment: 1 },
      retriedAt: new Date(),
      retriedBy: actor.userId,
    },
  });
  if (claimed.count !== 1)
    throw new ConflictError('this dead letter is being retried by someone else');

  const payload = {
    ...(row.payload as Record<string, unknown>),
    _meta: {
      requestId: row.requestId ?? undefined,
      firstFailedAt: row.firstFailedAt.toISOString(),
    },
  };
  const [revived] = await tx.$queryRaw<{ job_id: bigint | null }[]>`
    SELECT app_revive_dead_job(${row.jobId}, ${row.attempts}::int, ${taskDefinitions[row.task].maxAttempts}::int, ${row.task}::text,
                               ${JSON.stringify(payload)}::json, ${row.queueName}::text, ${row.jobKey}::text, ${row.priority}::int) AS job_id`;
  const jobId = revived?.job_id;
  if (jobId === null || jobId === undefined)
    throw new ConflictError('the job is running or still has attempts left; wait for it to finish');
  if (jobId !== row.jobId) await tx.deadLetter.update({ where: { id }, data: { jobId } });

  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'jobs.dead_letter.retried',
    subject: `dead-letter:${id}`,
    detail: {
      task: row.task,
      jobId: jobId.toString(),
      jobKey: row.jobKey,
      attemptsBefore: row.attempts,
    },
  });
  return { id, jobId: jobId.toString() };
}

/** Retries the open dead letters matching a filter (at most BULK_RETRY_LIMIT), oldest first. */
export async function retryDeadLetters(
  tx: Tx,
  { filter, actor }: { filter: Omit<DeadLetterFilter, 'status'>; actor: Actor },
) {
  const rows = await tx.deadLetter.findMany({
    where: whereOf({ ...filter, status: 'dead' }),
    orderBy: [{ lastFailedAt: 'asc' }, { id: 'asc' }],
    take: BULK_RETRY_LIMIT,
    select: { id: true },
  });
  const retried: string[] = [];
  for (const { id } of rows) {
    await retryDeadLetter(tx, { id, actor });
    retried.push(id);
  }
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'jobs.dead_letter.bulk_retried',
    subject: 'dead-letters',
    detail: {
      filter: {
        ...filter,
        failedAfter: filter.failedAfter?.toISOString(),
        failedBefore: filter.failedBefore?.toISOString(),
      },
      count: retried.length,
    },
  });
  return { retried: retried.length, ids: retried };
}

/** Gives up on the work for good, with a reason; graphile's failed job row goes too. */
export async function discardDeadLetter(
  tx: Tx,
  { id, reason, actor }: { id: string; reason: string; actor: Actor },
): Promise<{ id: string }> {
  const row = await tx.deadLetter.findUnique({
    where: { id },
    select: { status: true, jobId: true, task: true },
  });
  if (!row) throw new NotFoundError('dead letter not found');
  const { count } = await tx.deadLetter.updateMany({
    where: { id, status: 'dead' },
    data: {
      status: 'discarded',
      discardedAt: new Date(),
      discardedBy: actor.userId,
      discardReason: reason,
    },
  });
  if (count !== 1)
    throw new ConflictError(
      `this dead letter is ${row.status}; only open dead letters can be discarded`,
      { status: row.status },
    );
  await tx.$queryRaw`SELECT app_remove_dead_job(${row.jobId})`;
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorId: actor.userId,
    action: 'jobs.dead_letter.discarded',
    subject: `dead-letter:${id}`,
    detail: { task: row.task, jobId: row.jobId.toString(), reason },
  });
  return { id };
}
