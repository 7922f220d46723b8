import { ingestWebhook } from '@/server/webhooks/ingest';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ connection: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return ingestWebhook('shopify', (await params).connection, request);
}
