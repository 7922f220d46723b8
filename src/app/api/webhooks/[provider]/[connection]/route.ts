import { answerWebhookGet, receiveWebhook } from '@/server/webhooks/receive';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ provider: string; connection: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { provider, connection } = await params;
  return receiveWebhook(provider, connection, request);
}

/** Meta's subscription handshake (WhatsApp); other providers answer 405. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { provider, connection } = await params;
  return answerWebhookGet(provider, connection, request);
}
