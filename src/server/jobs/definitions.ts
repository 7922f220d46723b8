// Every background task as data: name, payload schema, attempts, timeout. The worker pairs each
// with its handler (src/worker/task-list.ts); domain code enqueues by name through ./enqueue.
import { z } from 'zod';

export type TaskDefinition<S extends z.ZodType = z.ZodType> = {
  schema: S;
  maxAttempts: number;
  timeoutMs: number;
};

const define = <S extends z.ZodType>(d: TaskDefinition<S>) => d;

export const taskDefinitions = {
  /** Operator diagnostic: proves the queue end to end; fails its first `failTimes` attempts. */
  'ops.probe': define({
    schema: z.object({
      tenantId: z.string().uuid(),
      failTimes: z.number().int().min(0).max(25),
      note: z.string().max(200).default(''),
      /** Simulated work, to watch a graceful shutdown wait for a running job. */
      holdMs: z.number().int().min(0).max(10_000).default(0),
    }),
    maxAttempts: 5,
    timeoutMs: 30_000,
  }),
  /** Applies one stored webhook event (src/server/domain/webhooks/process.ts); job key = the event's. */
  'webhooks.process': define({
    schema: z.object({ tenantId: z.string().uuid(), webhookEventId: z.string().uuid() }),
    maxAttempts: 10,
    timeoutMs: 60_000,
  }),
  /** Deletes Idempotency-Key records past their 24 h and rate-limit buckets whose window ended (cron). */
  'maintenance.sweep-expired-keys': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 60_000,
  }),
  /** Makes jobs held by a worker whose heartbeat stopped runnable again (cron, every minute). */
  'maintenance.release-orphaned-jobs': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 1,
    timeoutMs: 30_000,
  }),
  /** Removes heartbeats of workers gone for a day (cron). */
  'maintenance.prune-heartbeats': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 60_000,
  }),
  /** Closes credit reservations past their expiry, releasing what they still held (cron, every 5 min). */
  'wallet.expire-reservations': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 120_000,
  }),
  /** Asks the Calls API about calls left without a terminal status for VOICE_RECONCILE_AFTER_MINUTES (cron, every 5 min). */
  'calls.reconcile': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 120_000,
  }),
  /** The local Twilio simulator posts the status callbacks (sent, then final) of messages sent together; key = the first sid's. */
  'simulator.twilio-status': define({
    schema: z.object({
      sids: z
        .array(z.string().regex(/^SM[0-9a-f]{32}$/))
        .min(1)
        .max(500),
    }),
    maxAttempts: 8,
    timeoutMs: 30_000,
  }),
  /** The local analysis simulator posts one copy of a job's callback (src/server/simulators/analysis/callbacks.ts); key simulator.analysis-callback:<job>:<copy>. */
  'simulator.analysis-callback': define({
    schema: z.object({
      jobId: z.string().regex(/^aj_[0-9a-f]{24}$/),
      copy: z.number().int().min(1).max(11),
    }),
    maxAttempts: 8,
    timeoutMs: 30_000,
  }),
  /** Submits one uploaded recording to the call-analysis service (src/server/domain/analysis/submit.ts); key analysis.submit:<session id>. */
  'analysis.submit': define({
    schema: z.object({ tenantId: z.string().uuid(), recordingSessionId: z.string().uuid() }),
    maxAttempts: 12,
    timeoutMs: 120_000,
  }),
  /** Marks recordings left PENDING/RECORDING past RECORDING_ABANDON_AFTER_MINUTES ABANDONED (cron, every 5 min). */
  'recordings.reap-abandoned': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 120_000,
  }),
  /** Fetches one analysis job's result and applies it once (src/server/domain/analysis/process.ts); key analysis.process:<analysis job id>. */
  'analysis.process': define({
    schema: z.object({ tenantId: z.string().uuid(), analysisJobId: z.string().uuid() }),
    maxAttempts: 10,
    timeoutMs: 60_000,
  }),
  /** Enqueues analysis.process for analysis jobs quiet past ANALYSIS_POLL_AFTER_SECONDS (cron, every minute). */
  'analysis.poll': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 60_000,
  }),
  /** Sends one batch of a campaign's recipients (src/server/domain/campaigns/send-batch.ts); key campaign:<id>:batch:<n>. */
  'campaign.send-batch': define({
    schema: z.object({
      tenantId: z.string().uuid(),
      campaignId: z.string().uuid(),
      batchNo: z.number().int().min(0).max(1_000_000),
    }),
    maxAttempts: 20,
    timeoutMs: 300_000,
  }),
  /** Launches a SCHEDULED campaign at its time; key campaign:<id>:start. */
  'campaign.start': define({
    schema: z.object({ tenantId: z.string().uuid(), campaignId: z.string().uuid() }),
    maxAttempts: 10,
    timeoutMs: 300_000,
  }),
  /** Finds stuck campaigns and repairs them (cron, every 5 min). */
  'campaign.reconcile': define({
    schema: z.object({}).passthrough(),
    maxAttempts: 3,
    timeoutMs: 300_000,
  }),
  /** E-mails one invitation its link (src/server/domain/members/invitation-mail.ts); key invitation:<id>. The token travels sealed (AES-256-GCM), never in clear in the queue. */
  'members.send-invitation': define({
    schema: z.object({
      tenantId: z.string().uuid(),
      invitationId: z.string().uuid(),
      sealedToken: z.string().min(1).max(500),
    }),
    maxAttempts: 10,
    timeoutMs: 60_000,
  }),
} as const;

export type TaskName = keyof typeof taskDefinitions;
export type TaskPayload<N extends TaskName> = z.input<(typeof taskDefinitions)[N]['schema']>;
export type TaskInput<N extends TaskName> = z.output<(typeof taskDefinitions)[N]['schema']>;

export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(taskDefinitions, name);
}
