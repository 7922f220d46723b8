// The local Twilio Messages API (see src/server/simulators/twilio/http.ts): the twilio SDK,
// rebased onto /api/simulators/twilio, posts here exactly as to api.twilio.com.
import { handleMessagesListRequest, handleMessagesRequest } from '@/server/simulators/twilio/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ accountSid: string }> };

export async function POST(request: Request, { params }: Context): Promise<Response> {
  return handleMessagesRequest(request, (await params).accountSid);
}

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handleMessagesListRequest(request, (await params).accountSid);
}
