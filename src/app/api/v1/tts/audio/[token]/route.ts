// GET /api/v1/tts/audio/<token> — the audio behind an expiring signed speech link (speechUrl in
// src/server/domain/speech), for TwiML <Play>. No credentials: the link is its own. 200 audio/wav;
// 403 a link that was not made here or was altered; 410 an expired one; 503 the engine is busy.
import { audioForSpeechToken } from '@/server/domain/speech';
import { speechErrorResponse } from '@/server/trpc/speech-response';

export const dynamic = 'force-dynamic';

export async function GET(
  req: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  try {
    const result = await audioForSpeechToken(token, { signal: req.signal });
    if (!result.ok) return Response.json({ error: result.reason }, { status: result.status });
    const maxAge = Math.max(0, Math.floor((result.expiresAt.getTime() - Date.now()) / 1000));
    return new Response(Buffer.from(result.audio.audio), {
      status: 200,
      headers: {
        'content-type': result.audio.contentType,
        'cache-control': `private, max-age=${maxAge}`,
      },
    });
  } catch (error) {
    return speechErrorResponse(error);
  }
}
