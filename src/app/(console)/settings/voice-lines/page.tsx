import { VoiceLines } from './voice-lines';

export default function VoiceLinesPage() {
  return (
    <>
      <h1>Voice lines</h1>
      <p className="muted">
        The Twilio numbers the phone assistant answers. Each line greets callers in its language,
        answers from the knowledge in that language, and hands a caller to the fallback number
        during business hours (outside them, the caller can leave a message).
      </p>
      <VoiceLines />
    </>
  );
}
