// Before there is a session: a new company signs up, a person accepts an invitation. Public, so
// each is limited per client address; the browser signs in with next-auth afterwards.
import { z } from 'zod';
import { createTRPCRouter, publicProcedure } from '../init';
import { addressRateLimit } from '../middleware/address-rate-limit';
import { signUp } from '../../domain/tenants/sign-up';
import { acceptInvitation } from '../../domain/members/accept-invitation';
import { getEnv } from '../../env';
import { clientIp } from '@/lib/http/client-ip';
import { emailSchema, personNameSchema } from '@/lib/schemas/common';
import {
  companyNameSchema,
  invitationTokenSchema,
  PASSWORD_MAX_LENGTH,
  passwordSchema,
} from '@/lib/schemas/account';

export const signUpInput = z.object({
  company: companyNameSchema,
  ownerName: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const acceptInvitationInput = z.object({
  token: invitationTokenSchema,
  name: personNameSchema.optional(),
  // The password rules apply to a new one (checked by the domain); an existing login's password
  // is whatever it was set to.
  password: z.string().min(1, 'required').max(PASSWORD_MAX_LENGTH),
});

/**
 * Sign-up names an e-mail that already has a login ("sign in instead"): the owner is signed in at
 * once, so there is no e-mail round trip to hide the difference behind. The limit bounds how many
 * addresses one client can test that way.
 */
const signUpLimit = addressRateLimit({
  name: 'signup',
  limit: () => getEnv().SIGNUP_RATE_LIMIT_PER_HOUR,
  windowSeconds: 3600,
  what: 'sign-ups from this address',
});
/** Tokens cannot be guessed; this bounds the password hashing a client can make us do. */
const acceptLimit = addressRateLimit({
  name: 'invite-accept',
  limit: () => 30,
  windowSeconds: 600,
  what: 'invitation attempts from this address',
});

export const accountsRouter = createTRPCRouter({
  signUp: publicProcedure
    .use(signUpLimit)
    .input(signUpInput)
    .mutation(async ({ input }) => {
      const created = await signUp(input);
      return { tenantId: created.tenantId, slug: created.slug, email: created.email };
    }),
  acceptInvitation: publicProcedure
    .use(acceptLimit)
    .input(acceptInvitationInput)
    .mutation(async ({ ctx, input }) => {
      const accepted = await acceptInvitation({ ...input, address: clientIp(ctx.headers) });
      return { tenantId: accepted.tenantId, email: accepted.email, role: accepted.role };
    }),
});
