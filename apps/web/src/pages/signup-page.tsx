import { PASSWORD_MIN_LENGTH } from "@jams/contracts";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AuthCard } from "../components/auth-card.tsx";
import { TextField } from "../components/form-field.tsx";
import { Notice } from "../components/notice.tsx";
import { fieldErrorOf, formErrorOf } from "../lib/api-error.ts";
import { queryClient } from "../lib/query-client.ts";
import { saveSessionToken } from "../lib/session.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { Link, navigate } from "../router.tsx";

const FIELDS = ["workspaceName", "name", "email", "password"] as const;

/** `/signup`: a new workspace and its first admin. */
export default function SignupPage() {
  useDocumentTitle("Create your workspace");
  const trpc = useTRPC();
  const [form, setForm] = useState({ workspaceName: "", name: "", email: "", password: "" });
  const signup = useMutation(
    trpc.auth.signup.mutationOptions({
      onSuccess: ({ token }) => {
        queryClient.clear();
        saveSessionToken(token);
        navigate("/", { replace: true });
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signup.mutate(form);
  }

  const formError = formErrorOf(signup.error, FIELDS);
  return (
    <AuthCard
      title="Create your workspace"
      subtitle="Set up JAMS IMES for your organisation. You'll be its first admin."
      footer={
        <>
          Already have an account? <Link to="/login">Sign in</Link>
        </>
      }
    >
      <form className="stack" onSubmit={submit} noValidate>
        {formError && <Notice tone="error">{formError}</Notice>}
        <TextField
          label="Workspace name"
          autoComplete="organization"
          autoFocus
          placeholder="Acme Inc."
          value={form.workspaceName}
          onChange={(event) => setForm({ ...form, workspaceName: event.target.value })}
          error={fieldErrorOf(signup.error, "workspaceName")}
        />
        <TextField
          label="Your name"
          autoComplete="name"
          value={form.name}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
          error={fieldErrorOf(signup.error, "name")}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          placeholder="you@company.com"
          value={form.email}
          onChange={(event) => setForm({ ...form, email: event.target.value })}
          error={fieldErrorOf(signup.error, "email")}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          value={form.password}
          onChange={(event) => setForm({ ...form, password: event.target.value })}
          error={fieldErrorOf(signup.error, "password")}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={signup.isPending}>
          Create workspace
        </button>
      </form>
    </AuthCard>
  );
}
