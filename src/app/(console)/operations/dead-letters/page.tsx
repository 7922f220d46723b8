import Link from 'next/link';
import { DeadLetters } from './dead-letters';

export default function DeadLettersPage() {
  return (
    <>
      <p className="muted">
        <Link href="/operations">Operations</Link> /
      </p>
      <h1>Dead letters</h1>
      <p className="muted">
        Jobs that failed on every attempt. Retry runs the same work again under the same job key
        with a fresh set of attempts; discard gives it up for good and records why. Personal data in
        payloads and errors is masked.
      </p>
      <DeadLetters />
    </>
  );
}
