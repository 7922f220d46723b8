import { Members } from './members';

export default function MembersPage() {
  return (
    <>
      <h1>Members</h1>
      <p className="muted">
        Everyone in this workspace and their role. Owners and admins invite people, change roles and
        remove members; a change holds from the member&apos;s next request, API tokens included.
      </p>
      <Members />
    </>
  );
}
