// The local call-analysis API (see src/server/simulators/analysis/http.ts): the outbound client,
// pointed at /api/simulators/analysis, posts here exactly as to the real service.
import { handleCreateJob } from '@/server/simulators/analysis/http';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleCreateJob(request);
}
