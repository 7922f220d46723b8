// The branded 404: every unknown address and every notFound() (another tenant's id included, which
// answers exactly like a missing one) lands here, with a way back instead of a dead end.
import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="not-found" aria-labelledby="not-found-title">
      <div className="brand">Switchboard</div>
      <h1 id="not-found-title">Page not found</h1>
      <p className="muted">
        There is nothing at this address, or it belongs to a workspace you are not signed in to.
      </p>
      <p>
        <Link href="/campaigns">Back to the console</Link>
      </p>
    </main>
  );
}
