import { createCallerFactory, createTRPCRouter } from './init';
import { meRouter } from './routers/me';
import { membersRouter } from './routers/members';
import { accountsRouter } from './routers/accounts';
import { apiTokensRouter } from './routers/api-tokens';
import { opsRouter } from './routers/ops';
import { webhooksRouter } from './routers/webhooks';
import { jobsRouter } from './routers/jobs';
import { contactsRouter } from './routers/contacts';
import { walletRouter } from './routers/wallet';
import { campaignsRouter } from './routers/campaigns';
import { auditRouter } from './routers/audit';
import { voiceLinesRouter } from './routers/voice-lines';
import { callsRouter } from './routers/calls';
import { repRouter } from './routers/rep';
import { recordingsRouter } from './routers/recordings';
import { leadsRouter } from './routers/leads';
import { appointmentsRouter } from './routers/appointments';
import { knowledgeRouter } from './routers/knowledge';
import { callSimulatorRouter } from './routers/call-simulator';
import { assistantRouter } from './routers/assistant';

export const appRouter = createTRPCRouter({
  me: meRouter,
  members: membersRouter,
  accounts: accountsRouter,
  apiTokens: apiTokensRouter,
  ops: opsRouter,
  webhooks: webhooksRouter,
  jobs: jobsRouter,
  contacts: contactsRouter,
  wallet: walletRouter,
  campaigns: campaignsRouter,
  audit: auditRouter,
  voiceLines: voiceLinesRouter,
  calls: callsRouter,
  rep: repRouter,
  recordings: recordingsRouter,
  leads: leadsRouter,
  appointments: appointmentsRouter,
  knowledge: knowledgeRouter,
  callSimulator: callSimulatorRouter,
  assistant: assistantRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
