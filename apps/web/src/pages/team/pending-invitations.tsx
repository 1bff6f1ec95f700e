import { RelativeTime } from "../../components/relative-time.tsx";
import type { RouterOutputs } from "../../lib/api-types.ts";
import { ROLE_LABEL } from "./role-label.ts";

type Invitation = RouterOutputs["team"]["list"]["invitations"][number];

export function PendingInvitations({ invitations }: { invitations: Invitation[] }) {
  return (
    <section className="card card-flush">
      <div className="card-header">
        <h2>Pending invitations</h2>
      </div>
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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
