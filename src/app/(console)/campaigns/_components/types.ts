// Campaign shapes as the console receives them (no transformer: dates arrive as ISO strings).
// Per procedure (inferProcedureOutput): inferring the whole router's outputs at once, with the
// JSON columns in them, is too deep for the type checker.
import type { inferProcedureOutput } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Campaigns = AppRouter['campaigns'];
/** As sent over the wire without a transformer: dates are ISO strings; JSON columns are read defensively. */
type Wire<T> = {
  [K in keyof T]: K extends 'audience' | 'detail'
    ? unknown
    : T[K] extends Date
      ? string
      : T[K] extends Date | null
        ? string | null
        : T[K];
};
type Got = inferProcedureOutput<Campaigns['get']>;

export type CampaignView = Wire<Got['campaign']>;
export type CampaignEventView = Wire<Got['timeline'][number]>;
export type RecipientView = Wire<inferProcedureOutput<Campaigns['recipients']>['items'][number]>;
export type PreviewView = inferProcedureOutput<Campaigns['preview']>;
export type CampaignStatus = CampaignView['status'];
export type RecipientStatus = RecipientView['status'];

export const RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'PENDING',
  'SENDING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'SKIPPED',
];

/** While a campaign can still change on its own, its views poll. */
export const isLive = (status: CampaignStatus | undefined) =>
  status === 'SENDING' || status === 'SCHEDULED';

type Progress = Pick<CampaignView, 'status' | 'pendingCount' | 'sentCount'>;
/**
 * Views poll until every recipient is final, not until the status is: a campaign cancelled with
 * sends in flight is CANCELLED at once, but those sends still land (each with its debit, which
 * raises credits_spent) afterwards, and delivery reports follow SENT ones.
 */
export const isSettling = (c: Progress | undefined) =>
  c !== undefined && (isLive(c.status) || c.pendingCount > 0 || c.sentCount > 0);
/** The statuses the cancel procedure accepts. */
export const isCancellable = (status: CampaignStatus) =>
  status === 'DRAFT' || status === 'SCHEDULED' || status === 'SENDING';
