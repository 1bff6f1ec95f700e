import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { RouterOutputs } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { ROLE_LABEL } from "./role-label.ts";

type Invitation = RouterOutputs["team"]["list"]["invitations"][number];

export function PendingInvitations({ invitations }: { invitations: Invitation[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.team.list.queryFilter()) }),
  );
  return (
    <section className="card card-flush">
      <div className="card-header">
        <h2>Pending invitations</h2>
      </div>
      {revoke.error && <Notice tone="error">{readApiError(revoke.error).message}</Notice>}
      {invitations.length === 0 ? (
        <p className="card-empty muted">No pending invitations. People you invite appear here until they accept.</p>
      ) : (
        <ul className="invitation-list">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="invitation">
              <span className="break-all">{invitation.email}</span>
              <span className="badge badge-neutral">{ROLE_LABEL[invitation.role]}</span>
              <span className={invitation.isExpired ? "invitation-expiry expired" : "invitation-expiry muted"}>
                {invitation.isExpired ? "Expired " : "Expires "}
                <RelativeTime iso={invitation.expiresAt} />
              </span>
              <button
                type="button"
                className="btn btn-danger-outline btn-small"
                aria-label={`Revoke the invitation of ${invitation.email}`}
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ invitationId: invitation.id })}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
