import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmQuestion } from "../../components/confirm-question.tsx";
import { TextWithEmails } from "../../components/email.tsx";
import { useTRPC } from "../../lib/trpc.ts";
import { type Member, type RowOutcome, type RowReport, rowHandlers } from "./row-report.ts";

/** A member's actions: sign out everywhere, reset their SSO link, deactivate or reactivate (never on yourself). */
export function MemberActions({ member, isSelf, ...report }: { member: Member; isSelf: boolean } & RowReport) {
  const trpc = useTRPC();
  const [isConfirmingReset, setIsConfirmingReset] = useState(false);
  const handlers = <T,>(success: (data: T) => RowOutcome | null) => rowHandlers(report, success);
  const signOutEverywhere = useMutation(
    trpc.team.signOutEverywhere.mutationOptions(
      handlers((data: { sessionsEnded: number }) => ({
        text: `Signed out ${member.email} everywhere (${data.sessionsEnded === 1 ? "1 session" : `${data.sessionsEnded} sessions`} ended).`,
      })),
    ),
  );
  const deactivate = useMutation(trpc.team.deactivate.mutationOptions(handlers(() => null)));
  const reactivate = useMutation(trpc.team.reactivate.mutationOptions(handlers(() => null)));
  const resetSsoLink = useMutation(
    trpc.team.resetSsoLink.mutationOptions(
      handlers(() => ({ text: `${member.email}'s next SSO sign-in will link their identity-provider account again.` })),
    ),
  );
  const action = member.status === "disabled" ? "Reactivate" : "Deactivate";
  const isBusy = deactivate.isPending || reactivate.isPending;

  if (isConfirmingReset) {
    return (
      <ConfirmQuestion
        isCompact
        question={<TextWithEmails text={`Reset ${member.email}'s SSO link?`} />}
        confirmLabel="Yes, reset"
        tone="primary"
        isPending={resetSsoLink.isPending}
        onConfirm={() => resetSsoLink.mutate({ userId: member.id }, { onSettled: () => setIsConfirmingReset(false) })}
        onCancel={() => setIsConfirmingReset(false)}
      />
    );
  }
  return (
    <div className="row-actions">
      {!isSelf && member.status === "active" && (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`Sign out everywhere for ${member.email}`}
          disabled={signOutEverywhere.isPending}
          onClick={() => signOutEverywhere.mutate({ userId: member.id })}
        >
          Sign out everywhere
        </button>
      )}
      {member.isSsoLinked && (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`Reset the SSO link of ${member.email}`}
          title="Use when their mailbox was recreated at the identity provider: the next SSO sign-in links the new account."
          onClick={() => setIsConfirmingReset(true)}
        >
          Reset the SSO link
        </button>
      )}
      {!isSelf && (
        <button
          type="button"
          className={action === "Deactivate" ? "btn btn-secondary btn-small btn-danger-text" : "btn btn-secondary btn-small"}
          aria-label={`${action} ${member.email}`}
          disabled={isBusy}
          onClick={() => (member.status === "disabled" ? reactivate : deactivate).mutate({ userId: member.id })}
        >
          {action}
        </button>
      )}
    </div>
  );
}
