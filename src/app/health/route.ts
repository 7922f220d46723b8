export const dynamic = 'force-dynamic';

/** Liveness: answers while the process lives, touches nothing else. */
export function GET() {
  return Response.json({ ok: true, uptimeSeconds: Math.round(process.uptime()) });
}
