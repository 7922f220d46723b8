// How the speech routes answer when no audio could be made: the engine busy (503 with
// Retry-After, nothing was done) or failing (503). Anything else is rethrown (a 500, logged).
import { SpeechBusyError, SpeechFailedError } from '../domain/speech';

export function speechErrorResponse(error: unknown): Response {
  if (error instanceof SpeechBusyError)
    return Response.json(
      { error: error.message },
      { status: 503, headers: { 'retry-after': '2' } },
    );
  if (error instanceof SpeechFailedError)
    return Response.json({ error: `no audio could be made: ${error.message}` }, { status: 503 });
  throw error;
}
