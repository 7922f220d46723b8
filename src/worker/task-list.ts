// The worker's task list: every definition in src/server/jobs/definitions.ts paired with its
// handler. The mapped type makes a missing handler a compile error.
import type { TaskList } from 'graphile-worker';
import type { TaskName } from '@/server/jobs/definitions';
import { wrapTask, type TaskHandler } from './task-handler';
import { opsProbe } from './tasks/ops-probe';
import { pruneHeartbeats } from './tasks/prune-heartbeats';
import { sweepExpiredKeys } from './tasks/maintenance-sweep-expired-keys';
import { releaseOrphanedJobs } from './tasks/maintenance-release-orphaned-jobs';
import { webhooksProcess } from './tasks/webhooks-process';
import { walletExpireReservations } from './tasks/wallet-expire-reservations';
import { simulatorTwilioStatus } from './tasks/simulator-twilio-status';
import { simulatorAnalysisCallback } from './tasks/simulator-analysis-callback';
import { campaignSendBatch } from './tasks/campaign-send-batch';
import { campaignStart } from './tasks/campaign-start';
import { campaignReconcile } from './tasks/campaign-reconcile';
import { membersSendInvitation } from './tasks/members-send-invitation';
import { recordingsReapAbandoned } from './tasks/recordings-reap-abandoned';
import { analysisSubmit } from './tasks/analysis-submit';
import { callsReconcile } from './tasks/calls-reconcile';
import { analysisProcess } from './tasks/analysis-process';
import { analysisPoll } from './tasks/analysis-poll';

const handlers: { [N in TaskName]: TaskHandler<N> } = {
  'ops.probe': opsProbe,
  'maintenance.prune-heartbeats': pruneHeartbeats,
  'maintenance.sweep-expired-keys': sweepExpiredKeys,
  'maintenance.release-orphaned-jobs': releaseOrphanedJobs,
  'webhooks.process': webhooksProcess,
  'wallet.expire-reservations': walletExpireReservations,
  'simulator.twilio-status': simulatorTwilioStatus,
  'simulator.analysis-callback': simulatorAnalysisCallback,
  'campaign.send-batch': campaignSendBatch,
  'campaign.start': campaignStart,
  'campaign.reconcile': campaignReconcile,
  'members.send-invitation': membersSendInvitation,
  'recordings.reap-abandoned': recordingsReapAbandoned,
  'analysis.submit': analysisSubmit,
  'calls.reconcile': callsReconcile,
  'analysis.process': analysisProcess,
  'analysis.poll': analysisPoll,
};

export function buildTaskList(): TaskList {
  const list: TaskList = {};
  for (const name of Object.keys(handlers) as TaskName[]) {
    list[name] = wrapTask(name, handlers[name] as TaskHandler<typeof name>);
  }
  return list;
}
