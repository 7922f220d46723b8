/** A campaign id in a URL is a UUID; anything else is a 404 before any query runs. */
export const isCampaignId = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
