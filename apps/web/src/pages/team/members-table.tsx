import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyField } from "../../components/copy-field.tsx";
import { TextWithEmails } from "../../components/email.tsx";
import { Notice } from "../../components/notice.tsx";
import { StackedTable } from "../../components/stacked-table.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { InviteeActions } from "./invitee-actions.tsx";
import { MemberActions } from "./member-actions.tsx";
import { MemberRow } from "./member-row.tsx";
import type { Member, RowOutcome } from "./row-report.ts";

interface MembersTableProps {
  members: Member[];
  currentUserId: string;
}

const COLUMNS = ["Name", "Email", "Role", "Status", "Last sign-in", ""];

/** Everyone in the workspace, invitees included (each once, with their invitation's actions), in signup order. */
export function MembersTable({ members, currentUserId }: MembersTableProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshTeam = () => queryClient.invalidateQueries(trpc.team.list.queryFilter());
  const setRole = useMutation(trpc.team.setRole.mutationOptions({ onSettled: refreshTeam }));
  const [outcome, setOutcome] = useState<RowOutcome | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const report = { onOutcome: setOutcome, onFailure: setFailure, onChange: refreshTeam };
  const shown = failure ?? setRole.error;

  return (
    <section className="card card-flush" aria-labelledby="members-title">
      <div className="card-header">
        <h2 id="members-title">Members</h2>
        <span className="muted small">{members.length === 1 ? "1 person" : `${members.length} people`}</span>
      </div>
      {shown ? (
        <div className="card-notice">
          <Notice tone="error">{readApiError(shown).message}</Notice>
        </div>
      ) : null}
      {outcome && (
        <div className="card-notice" role="status">
          <Notice tone="success">
            <TextWithEmails text={outcome.text} />
            {outcome.link && <CopyField label={`New link for ${outcome.link.email}`} value={outcome.link.url} />}
          </Notice>
        </div>
      )}
      <div className="table-scroll">
        <StackedTable columns={COLUMNS} className="members-table" labelledBy="members-title">
          {members.map((member) => (
            <MemberRow
              key={member.id}
              member={member}
              isSelf={member.id === currentUserId}
              isRoleChanging={setRole.isPending && setRole.variables?.userId === member.id}
              onRoleChange={(role) => {
                setFailure(null);
                setOutcome(null);
                setRole.mutate({ userId: member.id, role });
              }}
            >
              {member.invitation ? (
                <InviteeActions member={member} invitation={member.invitation} {...report} />
              ) : (
                <MemberActions member={member} isSelf={member.id === currentUserId} {...report} />
              )}
            </MemberRow>
          ))}
        </StackedTable>
      </div>
    </section>
  );
}
