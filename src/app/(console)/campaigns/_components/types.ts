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
/** The statuses the cancel procedure accepts. */
export const isCancellable = (status: CampaignStatus) =>
  status === 'DRAFT' || status === 'SCHEDULED' || status === 'SENDING';
