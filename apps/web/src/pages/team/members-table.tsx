import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { RouterOutputs } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { ROLE_LABEL } from "./role-label.ts";

type Member = RouterOutputs["team"]["list"]["members"][number];

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

interface MembersTableProps {
  members: Member[];
  currentUserId: string;
}

export function MembersTable({ members, currentUserId }: MembersTableProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshTeam = () => queryClient.invalidateQueries(trpc.team.list.queryFilter());
  const deactivate = useMutation(trpc.team.deactivate.mutationOptions({ onSettled: refreshTeam }));
  const reactivate = useMutation(trpc.team.reactivate.mutationOptions({ onSettled: refreshTeam }));
  const signOutEverywhere = useMutation(trpc.team.signOutEverywhere.mutationOptions());
  const failure = deactivate.error ?? reactivate.error ?? signOutEverywhere.error;
  const pendingUserId = (deactivate.isPending && deactivate.variables?.userId) || (reactivate.isPending && reactivate.variables?.userId);

  function changeStatus(member: Member) {
    deactivate.reset();
    reactivate.reset();
    if (member.status === "disabled") reactivate.mutate({ userId: member.id });
    else deactivate.mutate({ userId: member.id });
  }

  return (
    <section className="card card-flush">
      <div className="card-header">
        <h2>Members</h2>
        <span className="muted small">{members.length === 1 ? "1 person" : `${members.length} people`}</span>
      </div>
      {failure && (
        <div className="card-notice">
          <Notice tone="error">{readApiError(failure).message}</Notice>
        </div>
      )}
      {signOutEverywhere.isSuccess && (
        <div className="card-notice">
          <Notice tone="success">
            Signed out {members.find((member) => member.id === signOutEverywhere.variables.userId)?.email} everywhere (
            {signOutEverywhere.data.sessionsEnded === 1 ? "1 session" : `${signOutEverywhere.data.sessionsEnded} sessions`} ended).
          </Notice>
        </div>
      )}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const badge = STATUS_BADGE[member.status];
              const isSelf = member.id === currentUserId;
              const action = member.status === "disabled" ? "Reactivate" : "Deactivate";
              return (
                <tr key={member.id}>
                  <td>
                    <span className="member-name">{member.name || <span className="muted">—</span>}</span>
                    {isSelf && <span className="badge badge-accent">You</span>}
                  </td>
                  <td className="break-all">{member.email}</td>
                  <td>{ROLE_LABEL[member.role]}</td>
                  <td>
                    <span className={`badge badge-${badge.tone}`}>{badge.label}</span>
                  </td>
                  <td className="nowrap">
                    <LastSignIn member={member} />
                  </td>
                  <td className="table-actions">
                    {!isSelf && member.status === "active" && (
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        aria-label={`Sign out ${member.email} everywhere`}
                        disabled={signOutEverywhere.isPending && signOutEverywhere.variables?.userId === member.id}
                        onClick={() => signOutEverywhere.mutate({ userId: member.id })}
                      >
                        Sign out everywhere
                      </button>
                    )}
                    {!isSelf && (
                      <button
                        type="button"
                        className={action === "Deactivate" ? "btn btn-secondary btn-small btn-danger-text" : "btn btn-secondary btn-small"}
                        aria-label={`${action} ${member.email}`}
                        disabled={pendingUserId === member.id}
                        onClick={() => changeStatus(member)}
                      >
                        {action}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
