// What the simulated service "hears" in a recording: a result derived from the audio's hash, so
// the same audio always gives the same result (and the same output hash).
import { createHash } from 'node:crypto';
import type { AnalysisOutput } from '../../providers/analysis/api-schemas';

const pick = <T>(list: readonly T[], byte: number): T => list[byte % list.length]!;

const SUMMARIES = [
  'The customer compared our offer with their current contract and asked for a written quote.',
  'A friendly visit: the customer liked the demo and signed on the spot.',
  'The customer was not interested and asked not to be visited again.',
  'Both partners attended; they want a second visit before deciding.',
] as const;
const OUTCOMES = ['APPOINTMENT_SET', 'WON', 'LOST', 'CONTACTED'] as const;
const SENTIMENTS = ['neutral', 'positive', 'negative', 'neutral'] as const;
const OBJECTIONS = [
  'Price is higher than the current provider',
  'Contract term too long',
  'Needs to talk to their partner first',
  'Installation date too late',
] as const;
const NEXT_STEPS = [
  'Send the written quote by e-mail',
  'Book a second visit with both partners',
  'Call back in two weeks',
  'Schedule the installation',
] as const;

export function simulatedOutput(audioSha256: string): AnalysisOutput {
  const bytes = Buffer.from(audioSha256, 'hex');
  const kind = bytes[0]! % 4;
  const objections = bytes[1]! % 3;
  return {
    summary: SUMMARIES[kind]!,
    sentiment: SENTIMENTS[kind]!,
    objections: Array.from({ length: objections }, (_, i) => pick(OBJECTIONS, bytes[2 + i]!)),
    next_steps: kind === 2 ? [] : [pick(NEXT_STEPS, bytes[5]!)],
    suggested_lead_status: OUTCOMES[kind]!,
    confidence: Math.round((0.55 + (bytes[6]! / 255) * 0.44) * 100) / 100,
  };
}

/** sha256 of the output's JSON with its keys in a fixed order: one result, one hash. */
export function outputHashOf(output: AnalysisOutput): string {
  const canonical = JSON.stringify(output, Object.keys(output).sort());
  return createHash('sha256').update(canonical).digest('hex');
}
