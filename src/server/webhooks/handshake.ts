// WhatsApp's GET subscription handshake: echo hub.challenge when hub.verify_token is the one
// issued for this connection; 403 otherwise (counted like any other rejection).
import { verifyHandshake } from '../providers/whatsapp/verify';
import { getMetrics } from '../obs/metrics';
import { NO_SUCH_CONNECTION, rejection } from './responses';
import { logRejection } from './sampled-log';
import { findConnection } from './store';

const PUBLIC_ID = /^whc_[A-Za-z0-9_-]{20,64}$/;

export async function whatsappHandshake(connectionId: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const connection = PUBLIC_ID.test(connectionId)
    ? await findConnection('whatsapp', connectionId)
    : null;
  if (!connection) {
    getMetrics().webhooksRejected.inc({ provider: 'whatsapp', reason: 'unknown_connection' });
    return rejection('unknown_connection', NO_SUCH_CONNECTION);
  }
  const outcome = verifyHandshake(url, connection.verifyTokenHash);
  if (!outcome.ok) {
    getMetrics().webhooksRejected.inc({ provider: 'whatsapp', reason: 'handshake_mismatch' });
    logRejection('whatsapp', 'handshake_mismatch', { detail: outcome.detail });
    return rejection('handshake_mismatch', outcome.detail);
  }
  return new Response(outcome.challenge, {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
