import { checkReadiness } from '@/server/health/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness();
  const failed = readiness.checks.filter((c) => !c.ok).map((c) => c.name);
  return Response.json(
    { ...readiness, failed },
    { status: readiness.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
