import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmQuestion } from "../../components/confirm-question.tsx";
import { TextWithEmails } from "../../components/email.tsx";
import { useTRPC } from "../../lib/trpc.ts";
import { type Member, type RowReport, rowHandlers } from "./row-report.ts";

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
export function InviteeActions({ member, invitation, ...report }: { member: Member; invitation: Invitation } & RowReport) {
  const trpc = useTRPC();
  const [isConfirmingRevoke, setIsConfirmingRevoke] = useState(false);
  const copyLink = useMutation(
    trpc.team.invitationLink.mutationOptions({
      ...rowHandlers(report, async ({ inviteUrl }: { inviteUrl: string }) => {
        const isCopied = await copied(inviteUrl);
        return isCopied
          ? { text: `Link for ${member.email} copied.` }
          : { text: `Link for ${member.email}:`, link: { email: member.email, url: inviteUrl } };
      }),
      // Copying changes nothing in the list.
      onSettled: undefined,
    }),
  );
  const resend = useMutation(
    trpc.team.resendInvitation.mutationOptions(
      rowHandlers(report, ({ inviteUrl, isEmailSent }: { inviteUrl: string; isEmailSent: boolean }) => ({
        text: isEmailSent
          ? `A new invitation was emailed to ${member.email}; the old link no longer works.`
          : `New link for ${member.email}; the old one no longer works. Send them this one:`,
        link: { email: member.email, url: inviteUrl },
      })),
    ),
  );
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions(rowHandlers(report, () => ({ text: `Revoked the invitation of ${member.email}.` }))),
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
