// The call simulator: ring one of the tenant's voice lines through the Twilio simulator and talk
// to the assistant as the caller would.
import Link from 'next/link';
import { isCallSimulatorActive } from '@/server/domain/call-simulator';
import { CallSimulator } from './call-simulator';

export const dynamic = 'force-dynamic';

export default async function CallSimulatorPage({
  searchParams,
}: {
  searchParams: Promise<{ line?: string }>;
}) {
  const { line } = await searchParams;
  return (
    <section>
      <p>
        <Link href="/calls">← Calls</Link>
      </p>
      <h1>Call simulator</h1>
      {isCallSimulatorActive() ? (
        <>
          <p className="muted">
            Rings a voice line through the Twilio simulator: the call reaches the assistant exactly
            as a real one would (signed webhooks, the same answers, a call in the calls list). Type
            what the caller says; key 0 or ask for an operator to be transferred.
          </p>
          <CallSimulator initialLineId={typeof line === 'string' ? line : undefined} />
        </>
      ) : (
        <p role="status">
          Real Twilio is configured, so calls come from real phones: ring one of your{' '}
          <Link href="/settings/voice-lines">voice lines</Link> to try the assistant.
        </p>
      )}
    </section>
  );
}
