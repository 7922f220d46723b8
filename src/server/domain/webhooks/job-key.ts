// The job key of an event's processing: one pending job per stored event. The tenant is part of
// it for the same reason it is part of the event's unique key (see the webhooks migration): two
// tenants may legitimately receive the same provider event id.
import type { ProviderName } from '../../providers/types';

export function webhookJobKey(provider: ProviderName, tenantId: string, eventId: string): string {
  return `${provider}:${tenantId}:${eventId}`;
}
