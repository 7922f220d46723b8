// The one webhook route (/api/webhooks/<provider>/<connection>) for every provider. A provider
// name we do not know answers exactly as a connection we do not know, before anything is counted,
// logged or rate-limited: a name from the URL never becomes a metric label, a log key or a bucket.
import { isProviderName } from '../providers/types';
import { whatsappHandshake } from './handshake';
import { ingestWebhook } from './ingest';
import { NO_SUCH_CONNECTION, rejection } from './responses';

const unknownProvider = () => rejection('unknown_connection', NO_SUCH_CONNECTION);

export async function receiveWebhook(
  provider: string,
  connectionId: string,
  request: Request,
): Promise<Response> {
  if (!isProviderName(provider)) return unknownProvider();
  return ingestWebhook(provider, connectionId, request);
}

/** GET is WhatsApp's subscription handshake; elsewhere it keeps the 405 a POST-only route gave. */
export async function answerWebhookGet(
  provider: string,
  connectionId: string,
  request: Request,
): Promise<Response> {
  if (!isProviderName(provider)) return unknownProvider();
  if (provider === 'whatsapp') return whatsappHandshake(connectionId, request);
  return new Response(null, { status: 405 });
}
