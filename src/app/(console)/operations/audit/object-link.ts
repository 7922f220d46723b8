// Where the console shows an audit entry's object. Subjects are "<kind>:<id>" (or a bare kind for
// actions on a whole area, such as "dead-letters"); a kind with no page of its own is shown unlinked.

export type ObjectLink = { label: string; href: string | null };

const KINDS: Record<string, { noun: string; href: (id: string) => string | null }> = {
  campaign: { noun: 'Campaign', href: (id) => `/campaigns/${id}` },
  campaigns: { noun: 'Campaigns', href: () => '/campaigns' },
  contact: { noun: 'Contact', href: () => '/campaigns/contacts' },
  contact_import: { noun: 'Contact import', href: () => '/campaigns/contacts' },
  'dead-letter': { noun: 'Dead letter', href: () => '/operations/dead-letters' },
  'dead-letters': { noun: 'Dead letters', href: () => '/operations/dead-letters' },
  job: { noun: 'Job', href: () => '/operations/stuck-jobs' },
  worker: { noun: 'Worker', href: () => '/operations/health' },
  webhook_event: { noun: 'Webhook event', href: () => '/operations/webhooks' },
  webhook_connection: { noun: 'Webhook connection', href: () => '/settings/webhooks' },
  api_token: { noun: 'API token', href: () => '/settings/api-tokens' },
  billing_transaction: { noun: 'Credit purchase', href: () => '/campaigns/wallet' },
  credit_transaction: { noun: 'Ledger entry', href: () => '/campaigns/wallet' },
  checkout_session: { noun: 'Checkout session', href: () => '/campaigns/wallet' },
  stripe_event: { noun: 'Stripe event', href: () => '/campaigns/wallet' },
  user: { noun: 'Member', href: () => null },
};

/** The subject as a short label ("Campaign 3f2a9c1b") and its page, if the console has one. */
export function objectLink(subject: string, action: string): ObjectLink {
  const split = subject.indexOf(':');
  const kind = split < 0 ? subject : subject.slice(0, split);
  const id = split < 0 ? '' : subject.slice(split + 1);
  const known = KINDS[kind];
  if (!known) return { label: subject, href: null };
  const label = id ? `${known.noun} ${id.slice(0, 8)}` : known.noun;
  // A deleted object has no page to go to any more; its entries stay.
  if (action.endsWith('.deleted')) return { label, href: null };
  return { label, href: known.href(id) };
}
