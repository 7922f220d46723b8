// Outgoing e-mail over SMTP with nodemailer (the kept library for it: connection, STARTTLS, auth,
// MIME). The caller passes the SMTP URL and the From, so this stays free of configuration.
import nodemailer, { type Transporter } from 'nodemailer';
import { observeProviderRequest } from '../../obs/metrics';

export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

export type MailResult =
  | { ok: true; messageId: string }
  /** permanent: the server refused this message for good (5xx); a retry would be refused too. */
  | { ok: false; kind: 'permanent' | 'transient'; message: string };

// One transport per URL; not pooled: invitations are few, and a connection per message leaves
// nothing open between them (no idle sockets to close at shutdown).
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export async function sendMail(smtpUrl: string, mail: OutgoingMail): Promise<MailResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const info = (await transportFor(smtpUrl).sendMail(mail)) as { messageId: string };
    observeProviderRequest('smtp', 'send', seconds(), 'ok');
    return { ok: true, messageId: info.messageId };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const kind = code !== undefined && code >= 500 ? 'permanent' : 'transient';
    observeProviderRequest('smtp', 'send', seconds(), kind === 'permanent' ? 'error' : 'transient');
    return { ok: false, kind, message: error instanceof Error ? error.message : String(error) };
  }
}
