import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmQuestion } from "../../components/confirm-question.tsx";
import { TextWithEmails } from "../../components/email.tsx";
import { useTRPC } from "../../lib/trpc.ts";
import type { Member, RowReport } from "./member-actions.tsx";

type Invitation = NonNullable<Member["invitation"]>;

/** Copies to the clipboard; false when the browser refuses (the link is then shown to copy by hand). */
async function copied(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** An invitee's actions: Copy the link, Resend (a new link; the old one dies) and Revoke (asks first). */
export function InviteeActions({
  member,
  invitation,
  onOutcome,
  onFailure,
  onChange,
}: { member: Member; invitation: Invitation } & RowReport) {
  const trpc = useTRPC();
  const [isConfirmingRevoke, setIsConfirmingRevoke] = useState(false);
  const start = () => {
    onFailure(null);
    onOutcome(null);
  };
  const copyLink = useMutation(
    trpc.team.invitationLink.mutationOptions({
      onMutate: start,
      onSuccess: async ({ inviteUrl }) => {
        const isCopied = await copied(inviteUrl);
        onOutcome({
          tone: "success",
          text: isCopied ? `Link for ${member.email} copied.` : `Link for ${member.email}:`,
          ...(isCopied ? {} : { link: { email: member.email, url: inviteUrl, isEmailed: false } }),
        });
      },
      onError: onFailure,
    }),
  );
  const resend = useMutation(
    trpc.team.resendInvitation.mutationOptions({
      onMutate: start,
      onSuccess: ({ inviteUrl, isEmailSent }) =>
        onOutcome({
          tone: "success",
          text: isEmailSent
            ? `A new invitation was emailed to ${member.email}; the old link no longer works.`
            : `New link for ${member.email}; the old one no longer works. Send them this one:`,
          link: { email: member.email, url: inviteUrl, isEmailed: isEmailSent },
        }),
      onError: onFailure,
      onSettled: onChange,
    }),
  );
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onMutate: start,
      onSuccess: () => onOutcome({ tone: "success", text: `Revoked the invitation of ${member.email}.` }),
      onError: onFailure,
      onSettled: onChange,
    }),
  );

  if (isConfirmingRevoke) {
    return (
      <ConfirmQuestion
        isCompact
        question={<TextWithEmails text={`Revoke ${member.email}'s invitation? The link stops working.`} />}
        confirmLabel="Yes, revoke"
        tone="danger"
        isPending={revoke.isPending}
        onConfirm={() => revoke.mutate({ invitationId: invitation.id })}
        onCancel={() => setIsConfirmingRevoke(false)}
      />
    );
  }
  return (
    <div className="row-actions">
      {!invitation.isExpired && (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`Copy the link for ${member.email}`}
          disabled={copyLink.isPending}
          onClick={() => copyLink.mutate({ invitationId: invitation.id })}
        >
          Copy the link
        </button>
      )}
      <button
        type="button"
        className="btn btn-secondary btn-small"
        aria-label={`Resend to ${member.email}`}
        disabled={resend.isPending}
        onClick={() => resend.mutate({ invitationId: invitation.id })}
      >
        Resend
      </button>
      <button
        type="button"
        className="btn btn-secondary btn-small btn-danger-text"
        aria-label={`Revoke ${member.email}'s invitation`}
        onClick={() => setIsConfirmingRevoke(true)}
      >
        Revoke
      </button>
    </div>
  );
}
