// Credit packs, fixed on the server: the client names a pack, never an amount, and the webhook
// handler checks what Stripe charged against the pack (and the session we recorded).
export type CreditPack = {
  id: string;
  name: string;
  credits: number;
  amountMinor: number;
  currency: 'eur';
};

export const CREDIT_PACKS = [
  {
    id: 'credits-1000',
    name: '1 000 SMS credits',
    credits: 1_000,
    amountMinor: 1_000,
    currency: 'eur',
  },
  {
    id: 'credits-5000',
    name: '5 000 SMS credits',
    credits: 5_000,
    amountMinor: 4_500,
    currency: 'eur',
  },
  {
    id: 'credits-20000',
    name: '20 000 SMS credits',
    credits: 20_000,
    amountMinor: 16_000,
    currency: 'eur',
  },
] as const satisfies readonly CreditPack[];

export type CreditPackId = (typeof CREDIT_PACKS)[number]['id'];
export const CREDIT_PACK_IDS = CREDIT_PACKS.map((p) => p.id) as [CreditPackId, ...CreditPackId[]];

export function findCreditPack(id: string): CreditPack | null {
  return CREDIT_PACKS.find((p) => p.id === id) ?? null;
}
