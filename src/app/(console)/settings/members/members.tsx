'use client';
// Members and open invitations. Everyone sees the members; admins also see invitations and get
// the controls (the server checks again: only an owner touches owners, the last owner stays).
import { useState } from 'react';
import { api } from '@/lib/trpc/react';
import { DataTable } from '@/app/_components/data-table';
import { formatDateTime } from '@/app/_components/format';
import { useIsAdmin } from '../../campaigns/_components/use-is-admin';
import { InviteForm } from './invite-form';

const ROLES = ['OWNER', 'ADMIN', 'STAFF', 'REP'] as const;
type Role = (typeof ROLES)[number];
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export function Members() {
  const utils = api.useUtils();
  const isAdmin = useIsAdmin();
  const me = api.me.get.useQuery(undefined, { staleTime: 60_000 });
  const members = api.members.list.useQuery();
  const invitations = api.members.invitations.useQuery(undefined, { enabled: isAdmin === true });
  // The outcome of the last row action, shown above the table (e.g. "the last owner …").
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = async () => {
    setActionError(null);
    await Promise.all([utils.members.list.invalidate(), utils.members.invitations.invalidate()]);
  };
  const onError = (error: { message: string }) => setActionError(error.message);
  const changeRole = api.members.changeRole.useMutation({ onSuccess: refresh, onError });
  const remove = api.members.remove.useMutation({ onSuccess: refresh, onError });
  const revoke = api.members.revokeInvitation.useMutation({ onSuccess: refresh, onError });
  const busy = changeRole.isPending || remove.isPending;
  const canTouchOwners = me.data?.role === 'OWNER';

  return (
    <>
      {isAdmin && <InviteForm />}
      {actionError && (
        <p className="error" role="alert" data-testid="members-error">
          {actionError}
        </p>
      )}
      <DataTable
        label="Members"
        testId="members"
        rows={members.data}
        rowKey={(m) => m.id}
        empty="No members."
        columns={[
          {
            header: 'Name',
            cell: (m) => (m.userId === me.data?.user.id ? `${m.name} (you)` : m.name),
          },
          { header: 'E-mail', cell: (m) => m.email },
          {
            header: 'Role',
            cell: (m) =>
              isAdmin && (m.role !== 'OWNER' || canTouchOwners) ? (
                <select
                  aria-label={`Role of ${m.name}`}
                  value={m.role}
                  disabled={busy}
                  onChange={(e) => {
                    if (isRole(e.target.value))
                      changeRole.mutate({ membershipId: m.id, role: e.target.value });
                  }}
                >
                  {ROLES.filter((r) => r !== 'OWNER' || canTouchOwners).map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              ) : (
                m.role
              ),
          },
          { header: 'Joined', cell: (m) => formatDateTime(m.createdAt) },
          {
            header: 'Actions',
            isHeaderHidden: true,
            cell: (m) =>
              isAdmin &&
              (m.role !== 'OWNER' || canTouchOwners) && (
                <button
                  className="secondary"
                  disabled={busy}
                  onClick={() => {
                    if (window.confirm(`Remove ${m.name} (${m.email}) from this workspace?`))
                      remove.mutate({ membershipId: m.id });
                  }}
                >
                  Remove
                </button>
              ),
          },
        ]}
      />
      {isAdmin && (
        <>
          <h2 style={{ fontSize: 16, marginTop: 24 }}>Open invitations</h2>
          <DataTable
            label="Open invitations"
            testId="invitations"
            rows={invitations.data}
            rowKey={(i) => i.id}
            empty="No open invitations."
            columns={[
              { header: 'E-mail', cell: (i) => i.email },
              { header: 'Role', cell: (i) => i.role },
              { header: 'Invited by', cell: (i) => i.invitedBy?.name ?? '—' },
              {
                header: 'Expires',
                cell: (i) =>
                  i.isExpired
                    ? `expired ${formatDateTime(i.expiresAt)}`
                    : formatDateTime(i.expiresAt),
              },
              {
                header: 'Actions',
                isHeaderHidden: true,
                cell: (i) => (
                  <button
                    className="secondary"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ id: i.id })}
                  >
                    Revoke
                  </button>
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
