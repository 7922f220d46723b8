// Carrier opt-out / opt-in keywords (CTIA and Twilio's defaults). A message counts only when the
// whole body is the keyword, case-insensitive and trimmed: "stop" opts out, "please don't stop"
// does not. Trailing punctuation ("STOP.", "Stop!") is tolerated because handsets and people add it.
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);

export type SmsKeyword = 'opt-out' | 'opt-in';

export function classifySmsKeyword(body: string | null | undefined): SmsKeyword | null {
  if (!body) return null;
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  return null;
}
