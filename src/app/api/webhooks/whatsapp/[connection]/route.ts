import { ingestWebhook } from '@/server/webhooks/ingest';
import { whatsappHandshake } from '@/server/webhooks/handshake';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ connection: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return ingestWebhook('whatsapp', (await params).connection, request);
}

/** Meta's subscription handshake. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return whatsappHandshake((await params).connection, request);
}
