// The HTTP door: src/app/api/simulators/twilio/2010-04-01/Accounts/[accountSid]/Messages.json
// hands the SDK's form-encoded, Basic-authenticated requests here, so the real twilio SDK talks
// to the simulator exactly as to api.twilio.com.
import { realTwilioConfigured } from '../clients';
import { API_VERSION, authorized, simulatorCredentials } from './account';
import { callResource, disabledAnswer, messageResource, twilioError } from './answers';
import { loadSimulatedCall } from './call-log';
import { createSimulatedMessage } from './create-message';
import { listSimulatedMessages } from './message-log';

// With real Twilio configured nothing sends through the simulator; its fixed default
// credentials must not leave an open endpoint writing rows and scheduling outbound POSTs.
const disabled = () => Response.json(disabledAnswer().body, { status: 404 });

/** POST …/Messages.json: a Fetch Request from the route handler → Twilio's JSON answer. */
export async function handleMessagesRequest(
  request: Request,
  accountSid: string,
): Promise<Response> {
  if (realTwilioConfigured()) return disabled();
  const contentType = request.headers.get('content-type') ?? '';
  const params = contentType.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(await request.text())
    : new URLSearchParams();
  const answer = await createSimulatedMessage(
    accountSid,
    request.headers.get('authorization'),
    params,
  );
  return Response.json(answer.body, { status: answer.status });
}

/** GET …/Messages.json?To=…&PageSize=…, one page, as Twilio answers it. */
export async function handleMessagesListRequest(
  request: Request,
  accountSid: string,
): Promise<Response> {
  if (realTwilioConfigured()) return disabled();
  const credentials = simulatorCredentials();
  if (!authorized(request.headers.get('authorization'), credentials))
    return Response.json(twilioError(401, 20003, 'Authenticate').body, { status: 401 });
  if (accountSid !== credentials.accountSid)
    return Response.json(twilioError(404, 20404, 'The requested resource was not found').body, {
      status: 404,
    });
  const url = new URL(request.url);
  const pageSize = Math.max(
    1,
    Math.min(Number(url.searchParams.get('PageSize') ?? 50) || 50, 1000),
  );
  const rows = await listSimulatedMessages(accountSid, {
    to: url.searchParams.get('To'),
    limit: pageSize,
  });
  const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
  return Response.json({
    messages: rows.map(messageResource),
    end: Math.max(0, rows.length - 1),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: pageSize,
    previous_page_uri: null,
    start: 0,
    uri,
  });
}

const CALL_FILE = /^(CA[0-9a-fA-F]{32})\.json$/;

/** GET …/Calls/{CallSid}.json: one call the simulator's driver placed, as Twilio answers it. */
export async function handleCallFetchRequest(
  request: Request,
  accountSid: string,
  callFile: string,
): Promise<Response> {
  if (realTwilioConfigured()) return disabled();
  const credentials = simulatorCredentials();
  if (!authorized(request.headers.get('authorization'), credentials))
    return Response.json(twilioError(401, 20003, 'Authenticate').body, { status: 401 });
  const sid = CALL_FILE.exec(callFile)?.[1];
  const notFound = () =>
    Response.json(twilioError(404, 20404, 'The requested resource was not found').body, {
      status: 404,
    });
  if (accountSid !== credentials.accountSid || !sid) return notFound();
  const row = await loadSimulatedCall(accountSid, sid);
  return row ? Response.json(callResource(row)) : notFound();
}
