// GET one job of the local call-analysis API (src/server/simulators/analysis/http.ts).
import { handleGetJob } from '@/server/simulators/analysis/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handleGetJob(request, (await params).id);
}
