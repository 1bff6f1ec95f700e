import { PASSWORD_MIN_LENGTH } from "@jams/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AuthCard } from "../components/auth-card.tsx";
import { Email } from "../components/email.tsx";
import { TextField } from "../components/form-field.tsx";
import { Notice } from "../components/notice.tsx";
import { PageLoading } from "../components/page-loading.tsx";
import { fieldErrorOf, formErrorOf, readApiError } from "../lib/api-error.ts";
import type { RouterOutputs } from "../lib/api-types.ts";
import { queryClient } from "../lib/query-client.ts";
import { saveSessionToken } from "../lib/session.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { Link, navigate } from "../router.tsx";

type Invitation = RouterOutputs["invites"]["get"];

/** `/invite/:token`: shows whom the invitation is for, then accepts it. */
export default function InvitePage({ token }: { token: string }) {
  const trpc = useTRPC();
  const invitation = useQuery(trpc.invites.get.queryOptions({ token }));
  useDocumentTitle(invitation.data ? `Join ${invitation.data.tenantName}` : "Accept invitation");

  if (invitation.isPending) {
    return (
      <AuthCard title="Accept invitation">
        <PageLoading label="Loading your invitation…" />
      </AuthCard>
    );
  }
  if (invitation.isError) {
    const problem = readApiError(invitation.error);
    const isUnusable = problem.code === "NOT_FOUND" || problem.code === "BAD_REQUEST";
    return (
      <AuthCard title={isUnusable ? "This invitation can't be used" : "Something went wrong"}>
        <div className="stack">
          <Notice tone="error">{problem.message}</Notice>
          {isUnusable ? (
            <Link className="btn btn-primary btn-block" to="/login">
              Go to sign in
            </Link>
          ) : (
            <button type="button" className="btn btn-secondary btn-block" onClick={() => invitation.refetch()}>
              Try again
            </button>
          )}
        </div>
      </AuthCard>
    );
  }
  return <AcceptInviteForm token={token} invitation={invitation.data} />;
}

function AcceptInviteForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useMutation(
    trpc.invites.accept.mutationOptions({
      onSuccess: (result) => {
        if ("ssoStartUrl" in result) {
          window.location.assign(result.ssoStartUrl);
          return;
        }
        queryClient.clear();
        saveSessionToken(result.token);
        navigate("/", { replace: true });
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    accept.mutate({ token, name, password: invitation.ssoEnforced ? undefined : password });
  }

  const formError = formErrorOf(accept.error, ["name", "password"]);
  const ssoChoice = !invitation.ssoEnforced && invitation.ssoName;
  return (
    <AuthCard
      title={`Join ${invitation.tenantName}`}
      subtitle={
        <>
          You were invited as{" "}
          <strong>
            <Email address={invitation.email} />
          </strong>
        </>
      }
    >
      <form className="stack" onSubmit={submit} noValidate>
        {formError && <Notice tone="error">{formError}</Notice>}
        {invitation.ssoEnforced && (
          <Notice tone="info">
            {invitation.tenantName} signs in with {invitation.ssoName ?? "single sign-on"}. After you accept, you'll continue to your
            identity provider.
          </Notice>
        )}
        <TextField
          label="Your name"
          autoComplete="name"
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fieldErrorOf(accept.error, "name")}
        />
        {ssoChoice && (
          <>
            <button
              type="button"
              className="btn btn-primary btn-block"
              disabled={accept.isPending || accept.isSuccess}
              onClick={() => accept.mutate({ token, name, withSso: true })}
            >
              Continue with {ssoChoice}
            </button>
            <p className="divider">or choose a password</p>
          </>
        )}
        {!invitation.ssoEnforced && <input type="email" autoComplete="username" value={invitation.email} readOnly hidden />}
        {!invitation.ssoEnforced && (
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldErrorOf(accept.error, "password")}
          />
        )}
        <button
          type="submit"
          className={ssoChoice ? "btn btn-secondary btn-block" : "btn btn-primary btn-block"}
          disabled={accept.isPending || accept.isSuccess}
        >
          {ssoChoice ? "Accept with a password" : "Accept invite"}
        </button>
      </form>
    </AuthCard>
  );
}
