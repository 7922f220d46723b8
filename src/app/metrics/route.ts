import { getRegistry } from '@/server/obs/metrics';

export const dynamic = 'force-dynamic';

export async function GET() {
  const registry = getRegistry();
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType },
  });
}
