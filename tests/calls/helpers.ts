// Call-flow test helpers: a tenant with a Twilio connection, a voice line and knowledge, and the
// simulator's call driver wired to the real webhook route (in-process Requests, signed as Twilio signs).
import { withTenantTx } from '../../src/server/db/tx';
import { systemActor } from '../../src/server/domain/audit/actor';
import { createArticle, type AnswerLanguage } from '../../src/server/domain/answering';
import type { VoiceCallContext } from '../../src/server/simulators/twilio/voice-call';
import { callerFor, type TestTenant } from '../helpers/fixtures';
import { createConnection, sendRequest, type TestConnection } from '../webhooks/helpers';

export type LineSetup = {
  phone: string;
  language?: AnswerLanguage;
  greeting?: string;
  fallbackPhone?: string | null;
  /** 'open': always open; 'closed': never. */
  hours?: 'open' | 'closed';
};

export async function setUpLine(tenant: TestTenant, setup: LineSetup) {
  const connection = await createConnection(tenant, 'twilio');
  const line = await callerFor(tenant.owner).voiceLines.create({
    phone: setup.phone,
    label: 'Main line',
    greeting: setup.greeting ?? 'Hello, you are through to the assistant.',
    language: setup.language ?? 'en',
    fallbackPhone: setup.fallbackPhone === undefined ? '+4930999888777' : setup.fallbackPhone,
    timeZone: 'Europe/Berlin',
    openDays: setup.hours === 'closed' ? [] : [1, 2, 3, 4, 5, 6, 7],
    opensAt: '00:00',
    closesAt: '00:00',
  });
  return { connection, line };
}

export async function addArticles(
  tenant: TestTenant,
  articles: readonly { language: AnswerLanguage; title: string; body: string }[],
): Promise<string[]> {
  return withTenantTx(tenant.tenantId, async (tx) => {
    const ids: string[] = [];
    for (const article of articles)
      ids.push(
        (
          await createArticle(tx, {
            actor: systemActor(tenant.tenantId),
            ...article,
            tags: [],
            enabled: true,
          })
        ).id,
      );
    return ids;
  });
}

/** The driver's context: signed with the connection's secret, handed to the webhook route. */
export function driverContext(
  connection: TestConnection,
  extra: Partial<VoiceCallContext> = {},
): VoiceCallContext {
  return {
    authToken: connection.secret,
    fetch: (url, init) => sendRequest('twilio', new Request(url, init)),
    ...extra,
  };
}
