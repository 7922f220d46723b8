// The lead statuses and sources in the order forms and filters offer them.
export const LEAD_STATUSES = ['NEW', 'CONTACTED', 'APPOINTMENT_SET', 'WON', 'LOST'] as const;
export const LEAD_SOURCES = ['WEB', 'REFERRAL', 'PHONE', 'EVENT', 'IMPORT', 'OTHER'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
