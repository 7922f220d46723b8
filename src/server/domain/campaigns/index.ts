// The campaigns domain: what the tRPC layer, the worker tasks and the webhook handler import.
export {
  campaignDraftInput,
  campaignSelect,
  campaignStatuses,
  recipientStatuses,
  type CampaignDraftInput,
  type CampaignView,
} from './fields';
export {
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from './drafts';
export { launchCampaign, reservationKeyOf } from './launch';
export { startScheduledCampaign } from './start';
export { cancelCampaign } from './cancel';
export { runSendBatch, outboundBucket, type BatchRunResult } from './send-batch';
export { enqueueBatch, batchJobKey } from './batches';
export { applyDeliveryReport, recipientStateOf, type DeliveryReport } from './delivery';
export {
  reconcileCampaigns,
  countStuckCampaigns,
  STUCK_AFTER_MS,
  type ReconcileReport,
} from './reconcile';
export { reconcileCampaignsNow } from './reconcile-now';
export { listRecipients } from './recipients';
export { listCampaignEvents, type CampaignEventView } from './events';
export { previewCampaign } from './preview';
export { ensureTwilioConnection } from './status-callback';
export { BATCH_SIZE } from './snapshot';
export { debitKeyOf, MAX_SEND_ATTEMPTS } from './outcomes';
