import type { LookupResult } from "@jams/contracts";
import { type FormEvent, useState } from "react";
import { TextField } from "../../components/form-field.tsx";
import { fieldErrorOf, formErrorOf } from "../../lib/api-error.ts";
import { trpcClient } from "../../lib/trpc-client.ts";

interface EmailFormProps {
  initialEmail: string;
  onFound: (email: string, methods: LookupResult) => void;
}

/** Step 1 of the email-first sign-in: which methods does this email's workspace offer? */
export function EmailForm({ initialEmail, onFound }: EmailFormProps) {
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<unknown>(null);
  const [isPending, setIsPending] = useState(false);

  async function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsPending(true);
    setError(null);
    try {
      const trimmed = email.trim();
      onFound(trimmed, await trpcClient.auth.lookup.query({ email: trimmed }));
    } catch (caught) {
      setError(caught);
      setIsPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={lookUp} noValidate>
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        placeholder="you@company.com"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={fieldErrorOf(error, "email") ?? formErrorOf(error, ["email"])}
      />
      <button type="submit" className="btn btn-primary btn-block" disabled={isPending}>
        Continue
      </button>
    </form>
  );
}
