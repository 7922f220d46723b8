// The credit wallet: figures, ledger, reservations, packs, buying credits, admin adjustments.
import { z } from 'zod';
import {
  adminOutboundProcedure,
  adminProcedure,
  createTRPCRouter,
  idempotency,
  tenantProcedure,
} from '../init';
import { IDEMPOTENCY_HEADER } from '../middleware/idempotency';
import { dateInputSchema, singleLine } from '@/lib/schemas/common';
import {
  adjustCredits,
  completeSimulatedCheckout,
  CREDIT_PACK_IDS,
  CREDIT_PACKS,
  getWalletSummary,
  isCheckoutSimulated,
  listCheckouts,
  listLedger,
  listOpenReservations,
  listStatement,
  MAX_CREDITS_PER_OPERATION,
  startTopUp,
} from '../../domain/wallet';
import { requestOrigin } from '../../domain/connections/request-origin';

/** Present on every call that got past idempotency({ required: true }). */
const idempotencyKeyOf = (headers: Headers) => headers.get(IDEMPOTENCY_HEADER) ?? '';

const adjustInput = z.object({
  amount: z
    .number()
    .int('whole credits only')
    .min(-MAX_CREDITS_PER_OPERATION, `at most ${MAX_CREDITS_PER_OPERATION} credits`)
    .max(MAX_CREDITS_PER_OPERATION, `at most ${MAX_CREDITS_PER_OPERATION} credits`)
    .refine((v) => v !== 0, 'an adjustment moves at least one credit'),
  reason: singleLine(500).pipe(z.string().min(3, 'say why, in at least 3 characters')),
});

export const walletRouter = createTRPCRouter({
  summary: tenantProcedure.query(({ ctx }) => getWalletSummary(ctx.tx, { tenantId: ctx.tenantId })),
  ledger: tenantProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().uuid().optional(),
      }),
    )
    .query(({ ctx, input }) => listLedger(ctx.tx, { ...input, tenantId: ctx.tenantId })),
  /** The ledger with each campaign's debits as one line, filtered by kind and date ([from, to)). */
  statement: tenantProcedure
    .input(
      z
        .object({
          kinds: z
            .array(z.enum(['TOPUP', 'DEBIT', 'REFUND', 'ADJUSTMENT']))
            .max(4)
            .optional(),
          from: dateInputSchema.optional(),
          to: dateInputSchema.optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .refine((f) => !f.from || !f.to || f.from < f.to, {
          message: 'To must be after From',
          path: ['to'],
        }),
    )
    .query(({ ctx, input }) => listStatement(ctx.tx, { ...input, tenantId: ctx.tenantId })),
  reservations: tenantProcedure.query(({ ctx }) =>
    listOpenReservations(ctx.tx, { tenantId: ctx.tenantId }),
  ),
  packs: tenantProcedure.query(() => ({ packs: CREDIT_PACKS, simulator: isCheckoutSimulated() })),
  checkouts: tenantProcedure.query(({ ctx }) => listCheckouts(ctx.tx, { tenantId: ctx.tenantId })),
  /** Returns the Checkout url to send the browser to. Calls Stripe: no wrapping transaction. */
  startTopUp: adminOutboundProcedure
    .use(idempotency({ required: true }))
    .input(z.object({ packId: z.enum(CREDIT_PACK_IDS) }))
    .mutation(({ ctx, input }) =>
      startTopUp({
        actor: ctx.actor,
        packId: input.packId,
        idempotencyKey: idempotencyKeyOf(ctx.headers),
        returnOrigin: requestOrigin(ctx.headers),
      }),
    ),
  adjust: adminProcedure
    .use(idempotency({ required: true }))
    .input(adjustInput)
    .mutation(async ({ ctx, input }) => {
      const { entry, created } = await adjustCredits(ctx.tx, {
        actor: ctx.actor,
        idempotencyKey: `adjustment:${idempotencyKeyOf(ctx.headers)}`,
        amount: input.amount,
        reason: input.reason,
      });
      return { ...entry, created };
    }),
  /**
   * Simulator only (NOT_FOUND with real Stripe): "pays" an open session, as its hosted page would.
   * POSTs to our own webhook endpoint: no wrapping transaction.
   */
  completeSimulatedCheckout: adminOutboundProcedure
    .input(
      z.object({
        checkoutSessionId: z
          .string()
          .regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'a Checkout session id (cs_…)'),
      }),
    )
    .mutation(({ ctx, input }) => completeSimulatedCheckout({ ...input, actor: ctx.actor })),
});
