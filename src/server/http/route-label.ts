// Bounded label for the HTTP histogram: ids and free-form segments collapse so an attacker
// cannot blow up metric cardinality.
const ID_SEGMENT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[A-Za-z]{2,4}_[A-Za-z0-9]{6,}|[A-Za-z0-9_-]{20,})$/i;
const KNOWN_PAGES =
  /^\/(?:$|signin|campaigns|appointments|calls|conversations|operations|privacy|settings)(?:\/|$)/;

export function routeLabel(pathname: string, status: number): string {
  if (pathname.startsWith('/_next/')) return '/_next/*';
  if (pathname.startsWith('/api/trpc/')) {
    const proc = pathname.slice('/api/trpc/'.length);
    return /^[A-Za-z][\w.]{0,60}$/.test(proc) ? `/api/trpc/${proc}` : '/api/trpc/(batch)';
  }
  if (pathname.startsWith('/api/auth/')) return '/api/auth/[...nextauth]';
  // A signed speech link's token is long and unique (and carries the text): never a label.
  if (pathname.startsWith('/api/v1/tts/audio/')) return '/api/v1/tts/audio/[token]';
  const webhook = /^\/api\/webhooks\/([a-z0-9-]{1,30})(?:\/|$)/.exec(pathname);
  if (webhook) return `/api/webhooks/${webhook[1]}/[connection]`;
  if (['/health', '/ready', '/metrics', '/favicon.ico'].includes(pathname)) return pathname;
  if (status === 404) return '(unmatched)';
  if (!KNOWN_PAGES.test(pathname) && !pathname.startsWith('/api/')) return '(other)';
  return pathname
    .split('/')
    .slice(0, 6)
    .map((s) => (ID_SEGMENT.test(s) ? '[id]' : s))
    .join('/');
}
