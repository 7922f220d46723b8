// The baseline for bench/webhooks: a Next route handler that does nothing. Off unless the
// process runs with SWITCHBOARD_BENCH=1, so it is a plain 404 in every real deployment.
export const dynamic = 'force-dynamic';

export function POST(): Response {
  return new Response(null, { status: process.env.SWITCHBOARD_BENCH === '1' ? 204 : 404 });
}
