import Link from 'next/link';
import { StuckJobs } from './stuck-jobs';

export default function StuckJobsPage() {
  return (
    <>
      <p className="muted">
        <Link href="/operations">Operations</Link> /
      </p>
      <h1>Stuck jobs</h1>
      <p className="muted">
        Jobs held by a worker whose heartbeat stopped (released automatically within a minute) or
        running far past their task&apos;s timeout. Release makes a job runnable again; only release
        an overdue job when you know its worker is not still working on it.
      </p>
      <StuckJobs />
    </>
  );
}
