// The one webhook route (/api/webhooks/<provider>/<connection>) for every provider. A provider
// name we do not know answers exactly as a connection we do not know, before anything is counted,
// logged or rate-limited: a name from the URL never becomes a metric label, a log key or a bucket.
import { isProviderName, type ProviderName } from '../providers/types';
import { logger } from '../obs/logger';
import { getRequestContext, resolveRequestId } from '../obs/request-context';
import { whatsappHandshake } from './handshake';
import { ingestWebhook } from './ingest';
import { internalError, NO_SUCH_CONNECTION, rejection } from './responses';

const unknownProvider = () => rejection('unknown_connection', NO_SUCH_CONNECTION);

/**
 * Nothing is thrown on to Next, which would print the error raw (a driver error quotes the
 * payload) and answer with its own page: an unexpected error is logged here, redacted, and
 * answered 500 (the provider retries) without its cause.
 */
async function guarded(
  provider: ProviderName,
  request: Request,
  handle: () => Promise<Response>,
): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    const requestId =
      getRequestContext()?.requestId ?? resolveRequestId(request.headers.get('x-request-id'));
    logger.error({ err: error, provider, requestId }, 'webhook delivery failed');
    return internalError(requestId);
  }
}

export async function receiveWebhook(
  provider: string,
  connectionId: string,
  request: Request,
): Promise<Response> {
  if (!isProviderName(provider)) return unknownProvider();
  return guarded(provider, request, () => ingestWebhook(provider, connectionId, request));
}

/** GET is WhatsApp's subscription handshake; elsewhere it keeps the 405 a POST-only route gave. */
export async function answerWebhookGet(
  provider: string,
  connectionId: string,
  request: Request,
): Promise<Response> {
  if (!isProviderName(provider)) return unknownProvider();
  if (provider === 'whatsapp')
    return guarded(provider, request, () => whatsappHandshake(connectionId, request));
  return new Response(null, { status: 405 });
}
