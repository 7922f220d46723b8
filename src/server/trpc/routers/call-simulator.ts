// The console's call simulator: a simulated caller on one of the tenant's voice lines, through
// the Twilio simulator (NOT_FOUND when real Twilio is configured). Steps call our own webhook:
// no wrapping transaction (adminOutboundProcedure); the domain holds a lease per call instead.
import { z } from 'zod';
import { adminOutboundProcedure, createTRPCRouter, staffProcedure } from '../init';
import { phoneSchema } from '@/lib/schemas/phone';
import { stripControl } from '@/lib/schemas/common';
import {
  getSimulatedCall,
  hangUpSimulatedCall,
  keyDigitsInSimulatedCall,
  placeSimulatedCall,
  sayInSimulatedCall,
} from '../../domain/call-simulator';

const callInput = z.object({ callId: z.uuid() });
/** What Twilio's speech recognition would hand over: one line, at most 4,000 characters. */
const spokenText = z
  .string()
  .transform((v) => stripControl(v).replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'say something first')
      .max(4000, 'at most 4000 characters (what Twilio passes on of one utterance)'),
  );

export const callSimulatorRouter = createTRPCRouter({
  place: adminOutboundProcedure
    .input(z.object({ lineId: z.uuid('choose a voice line'), from: phoneSchema() }))
    .mutation(({ ctx, input }) => placeSimulatedCall({ actor: ctx.actor, ...input })),
  say: adminOutboundProcedure
    .input(callInput.extend({ text: spokenText }))
    .mutation(({ ctx, input }) =>
      sayInSimulatedCall({ actor: ctx.actor, id: input.callId, text: input.text }),
    ),
  digits: adminOutboundProcedure
    .input(
      callInput.extend({
        digits: z.string().regex(/^[0-9*#]{1,32}$/, 'up to 32 keys: digits, * and #'),
      }),
    )
    .mutation(({ ctx, input }) =>
      keyDigitsInSimulatedCall({ actor: ctx.actor, id: input.callId, digits: input.digits }),
    ),
  hangUp: adminOutboundProcedure
    .input(callInput)
    .mutation(({ ctx, input }) => hangUpSimulatedCall({ actor: ctx.actor, id: input.callId })),
  state: staffProcedure
    .input(callInput)
    .query(({ ctx, input }) =>
      getSimulatedCall(ctx.tx, { tenantId: ctx.tenantId, id: input.callId }),
    ),
});
