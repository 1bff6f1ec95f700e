import type { Role } from "@jams/contracts";
import type { ReactNode } from "react";
import { Email } from "../../components/email.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { StackedCell, StackedRow } from "../../components/stacked-table.tsx";
import { ROLE_LABEL } from "./role-label.ts";
import type { Member } from "./row-report.ts";

const STATUS_BADGE = {
  active: { label: "Active", tone: "success" },
  invited: { label: "Invited", tone: "warning" },
  disabled: { label: "Deactivated", tone: "neutral" },
} as const;

const METHOD_LABEL = { pwd: "password", sso: "SSO" } as const;

function LastSignIn({ member }: { member: Member }) {
  if (!member.lastSignInAt) return <span className="muted">Never</span>;
  return (
    <>
      <RelativeTime iso={member.lastSignInAt} />
      {member.lastSignInMethod && <span className="muted"> · {METHOD_LABEL[member.lastSignInMethod]}</span>}
    </>
  );
}

function Status({ member }: { member: Member }) {
  const badge = STATUS_BADGE[member.status];
  const { invitation } = member;
  return (
    <div className="member-status">
      <span className={`badge badge-${badge.tone}`}>{badge.label}</span>
      {invitation && (
        <span className={invitation.isExpired ? "invitation-expiry expired" : "invitation-expiry muted"}>
          {invitation.isExpired ? "Link expired " : "Link expires "}
          <RelativeTime iso={invitation.expiresAt} />
        </span>
      )}
    </div>
  );
}

interface MemberRowProps {
  member: Member;
  isSelf: boolean;
  isRoleChanging: boolean;
  onRoleChange: (role: Role) => void;
  /** The row's actions. */
  children: ReactNode;
}

/** One person on Team Members; each cell names its column, so a phone shows the row as a card. */
export function MemberRow({ member, isSelf, isRoleChanging, onRoleChange, children }: MemberRowProps) {
  return (
    <StackedRow>
      <StackedCell column="Name">
        <span className="member-name">{member.name || <span className="muted">—</span>}</span>
        {isSelf && <span className="badge badge-accent">You</span>}
      </StackedCell>
      <StackedCell column="Email">
        <Email address={member.email} />
      </StackedCell>
      <StackedCell column="Role">
        <select
          className="input select select-small"
          aria-label={`Role of ${member.email}`}
          value={member.role}
          disabled={isRoleChanging}
          onChange={(event) => onRoleChange(event.target.value === "admin" ? "admin" : "member")}
        >
          <option value="member">{ROLE_LABEL.member}</option>
          <option value="admin">{ROLE_LABEL.admin}</option>
        </select>
      </StackedCell>
      <StackedCell column="Status">
        <Status member={member} />
      </StackedCell>
      <StackedCell column="Last sign-in" className="nowrap">
        <LastSignIn member={member} />
      </StackedCell>
      <StackedCell className="table-actions">{children}</StackedCell>
    </StackedRow>
  );
}
