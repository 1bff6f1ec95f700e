import { INVITE_TTL_DAYS, type Role } from "@jams/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CopyField } from "../../components/copy-field.tsx";
import { TextWithEmails } from "../../components/email.tsx";
import { FormField, TextField } from "../../components/form-field.tsx";
import { Notice } from "../../components/notice.tsx";
import { fieldErrorOf, formErrorOf } from "../../lib/api-error.ts";
import { useTRPC } from "../../lib/trpc.ts";

interface SentInvite {
  email: string;
  inviteUrl: string;
  isEmailSent: boolean;
}

/** Creates an invitation and shows its link; when the server mails invitations, it says so (the link can still be copied). */
export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [sent, setSent] = useState<SentInvite | null>(null);
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: ({ inviteUrl, isEmailSent }, input) => {
        setSent({ email: input.email.trim(), inviteUrl, isEmailSent });
        setEmail("");
        return queryClient.invalidateQueries(trpc.team.list.queryFilter());
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    invite.mutate({ email, role });
  }

  const formError = formErrorOf(invite.error, ["email", "role"]);
  return (
    <section className="card">
      <h2>Invite a teammate</h2>
      <p className="muted card-lead">They get a link to join this workspace. Links are single-use.</p>
      <form className="invite-form" onSubmit={submit} noValidate>
        <div className="invite-email">
          <TextField
            label="Email"
            type="email"
            autoComplete="off"
            placeholder="teammate@company.com"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldErrorOf(invite.error, "email")}
          />
        </div>
        <FormField label="Role" error={fieldErrorOf(invite.error, "role")}>
          {(control) => (
            <select
              className="input select"
              {...control}
              value={role}
              onChange={(event) => setRole(event.target.value === "admin" ? "admin" : "member")}
            >
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </select>
          )}
        </FormField>
        <button type="submit" className="btn btn-primary invite-submit" disabled={invite.isPending}>
          Send invite
        </button>
      </form>
      {formError && <Notice tone="error">{formError}</Notice>}
      {sent && (
        <div className="invite-result">
          <CopyField label="Invite link" value={sent.inviteUrl} />
          <p className="muted small">
            <TextWithEmails
              text={sent.isEmailSent ? `Emailed to ${sent.email}; you can also send them this link.` : `Send this link to ${sent.email}.`}
            />{" "}
            It expires in {INVITE_TTL_DAYS} days; Team Members can copy it again or resend a new one.
          </p>
        </div>
      )}
    </section>
  );
}
