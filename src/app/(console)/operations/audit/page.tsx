import Link from 'next/link';
import { AuditLog } from './audit-log';

export default function AuditLogPage() {
  return (
    <>
      <p className="muted">
        <Link href="/operations">Operations</Link> /
      </p>
      <h1>Audit log</h1>
      <p className="muted">
        What people and API clients did in this workspace, newest first, as it was recorded: entries
        are never changed or removed. Provider events and the worker&apos;s own runs are not here;
        they are in the webhook archive, the campaign timelines and the job views.
      </p>
      <AuditLog />
    </>
  );
}
