// Next.js instrumentation hook: Sentry on the server when (and only when) SENTRY_DSN is set.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.SENTRY_DSN) {
    const { initSentry } = await import('./server/obs/sentry');
    initSentry(process.env.SENTRY_DSN);
  }
}

export { captureRequestError as onRequestError } from '@sentry/nextjs';
