// The local Twilio Calls API, one call (…/Calls/{CallSid}.json; the segment keeps its .json, as
// Next has no partial dynamic segments): see src/server/simulators/twilio/http.ts.
import { handleCallFetchRequest } from '@/server/simulators/twilio/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ accountSid: string; callFile: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { accountSid, callFile } = await params;
  return handleCallFetchRequest(request, accountSid, callFile);
}
