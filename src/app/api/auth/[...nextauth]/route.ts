import NextAuth from 'next-auth';
import { getAuthOptions } from '@/server/auth/options';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ nextauth: string[] }> };
// next-auth v4 types its App Router handler loosely; this is the shape it accepts.
type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

function handler(req: Request, ctx: RouteContext): Promise<Response> {
  return (NextAuth(getAuthOptions()) as Handler)(req, ctx);
}
export { handler as GET, handler as POST };
