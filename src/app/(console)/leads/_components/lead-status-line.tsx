'use client';
// A lead's status with who set it and when: a person (named, from the member list), the analysis
// of a recorded visit, or the system (booking an appointment). A person's status is never
// overwritten by analysis, which the line says.
import { api } from '@/lib/trpc/react';
import { formatDateTime } from '@/app/_components/format';
import { StatusBadge } from '../../appointments/_components/status-badge';

export type LeadStatusFields = {
  status: string;
  statusSetBy: string;
  statusSetById: string | null;
  statusSetAt: Date | string;
};

/** "by Demo Admin", "by analysis", "by the system"; members are looked up once per page. */
export function useSetterName(): (lead: LeadStatusFields) => string {
  const members = api.members.list.useQuery(undefined, { staleTime: 60_000 });
  return (lead) => {
    if (lead.statusSetBy === 'ANALYSIS') return 'by analysis';
    if (lead.statusSetBy === 'SYSTEM') return 'by the system';
    const member = members.data?.find((m) => m.userId === lead.statusSetById);
    return member ? `by ${member.name || member.email}` : 'by a person';
  };
}

export function LeadStatusLine({ lead }: { lead: LeadStatusFields }) {
  const setter = useSetterName();
  return (
    <p>
      <span className="muted">Status:</span>{' '}
      <StatusBadge status={lead.status} testId="lead-status" />{' '}
      <span className="muted" data-testid="lead-status-set-by" data-set-by={lead.statusSetBy}>
        set {setter(lead)}, {formatDateTime(lead.statusSetAt)}
        {lead.statusSetBy === 'PERSON' ? ' (analysis will not change it)' : ''}
      </span>
    </p>
  );
}
