import { useQuery } from "@tanstack/react-query";
import { AdminOnly } from "../../components/admin-only.tsx";
import { LoadErrorNotice } from "../../components/load-error-notice.tsx";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { InviteForm } from "./invite-form.tsx";
import { MembersTable } from "./members-table.tsx";

const TITLE = "Team Members";

/** `/team`: who is in the workspace, how they last signed in, and invitations. Admins only. */
export default function TeamPage() {
  useDocumentTitle(TITLE);
  const signedIn = useSignedInUser();
  if (!isAdmin(signedIn)) return <AdminOnly title={TITLE} message="Only admins can manage the team." />;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{TITLE}</h1>
        <p className="page-lead">
          Invite people to {signedIn.tenant.name}, change their role, and deactivate anyone who should lose access.
        </p>
      </header>
      <TeamSections currentUserId={signedIn.user.id} />
    </div>
  );
}

function TeamSections({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const team = useQuery(trpc.team.list.queryOptions());
  return (
    <>
      <InviteForm />
      {team.isPending && (
        <section className="card" aria-busy="true">
          <div className="skeleton-rows" role="status">
            Loading members…
          </div>
        </section>
      )}
      {team.isError && <LoadErrorNotice title="We couldn't load your team" error={team.error} onRetry={() => team.refetch()} />}
      {team.data && <MembersTable members={team.data.members} currentUserId={currentUserId} />}
    </>
  );
}
