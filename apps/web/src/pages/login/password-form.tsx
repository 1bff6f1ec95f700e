import { SSO_REQUIRED_REASON } from "@jams/contracts";
import { type FormEvent, useState } from "react";
import { TextField } from "../../components/form-field.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { saveSessionToken } from "../../lib/session.ts";
import { trpcClient } from "../../lib/trpc-client.ts";

interface PasswordFormProps {
  email: string;
  /** Focus the password at once when it is the only way in. */
  isOnlyMethod: boolean;
  onSignedIn: () => void;
  /** The workspace enforces SSO: the server's explanation, to show beside the SSO button. */
  onSsoRequired: (message: string) => void;
}

export function PasswordForm({ email, isOnlyMethod, onSignedIn, onSsoRequired }: PasswordFormProps) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [isPending, setIsPending] = useState(false);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsPending(true);
    setError(undefined);
    try {
      const { token } = await trpcClient.auth.passwordLogin.mutate({ email, password });
      saveSessionToken(token);
      onSignedIn();
    } catch (caught) {
      const problem = readApiError(caught);
      setIsPending(false);
      if (problem.reason === SSO_REQUIRED_REASON) onSsoRequired(problem.message);
      else setError(problem.fieldErrors.password?.[0] ?? problem.message);
    }
  }

  return (
    <form className="stack" onSubmit={signIn} noValidate>
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        autoFocus={isOnlyMethod}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={error}
      />
      <button type="submit" className={isOnlyMethod ? "btn btn-primary btn-block" : "btn btn-secondary btn-block"} disabled={isPending}>
        Sign in
      </button>
    </form>
  );
}
