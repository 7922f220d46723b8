import Link from 'next/link';

export default function OperationsPage() {
  return (
    <>
      <h1>Operations</h1>
      <div className="card">
        <p>
          <Link href="/operations/health">Health</Link> — database, migrations and worker heartbeat, as the readiness probe sees them.
        </p>
      </div>
    </>
  );
}
