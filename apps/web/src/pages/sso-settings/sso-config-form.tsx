import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { TextField } from "../../components/form-field.tsx";
import { Notice } from "../../components/notice.tsx";
import { fieldErrorOf, formErrorOf } from "../../lib/api-error.ts";
import type { SsoConfig } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";

const FIELDS = ["displayName", "issuer", "clientId", "clientSecret"] as const;
const ISSUER_HINT =
  "e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 — you can paste the full …/.well-known/openid-configuration URL";

/** The four values from the identity provider. Saving checks the issuer's discovery document first. */
export function SsoConfigForm({ config }: { config: SsoConfig | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    displayName: config?.displayName ?? "",
    issuer: config?.issuer ?? "",
    clientId: config?.clientId ?? "",
    clientSecret: "",
  });
  const [isEditedSinceSave, setIsEditedSinceSave] = useState(false);
  const save = useMutation(
    trpc.sso.save.mutationOptions({
      onSuccess: ({ isEnforcementReset: _isEnforcementReset, ...settings }) => {
        setIsEditedSinceSave(false);
        const saved = settings.config;
        if (saved) setForm({ displayName: saved.displayName, issuer: saved.issuer, clientId: saved.clientId, clientSecret: "" });
        queryClient.setQueryData(trpc.sso.get.queryKey(), settings);
      },
    }),
  );

  function edit(field: keyof typeof form, value: string) {
    setForm({ ...form, [field]: value });
    setIsEditedSinceSave(true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ ...form, clientSecret: form.clientSecret === "" ? undefined : form.clientSecret });
  }

  const hasSavedSecret = config?.hasClientSecret ?? false;
  const formError = formErrorOf(save.error, FIELDS);
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <TextField
        label="Configuration name"
        hint={`Shown on the login button: Continue with ${form.displayName.trim() || "<name>"}`}
        placeholder="Microsoft Entra ID"
        autoComplete="off"
        value={form.displayName}
        onChange={(event) => edit("displayName", event.target.value)}
        error={fieldErrorOf(save.error, "displayName")}
        required
      />
      <TextField
        label="Issuer URL"
        hint={ISSUER_HINT}
        type="url"
        inputMode="url"
        placeholder="https://"
        autoComplete="off"
        spellCheck={false}
        className="input-mono"
        value={form.issuer}
        onChange={(event) => edit("issuer", event.target.value)}
        error={fieldErrorOf(save.error, "issuer")}
        required
      />
      <TextField
        label="Client ID"
        autoComplete="off"
        spellCheck={false}
        className="input-mono"
        value={form.clientId}
        onChange={(event) => edit("clientId", event.target.value)}
        error={fieldErrorOf(save.error, "clientId")}
        required
      />
      <TextField
        label="Client Secret"
        type="password"
        autoComplete="off"
        placeholder={hasSavedSecret ? "•••••••• saved — leave empty to keep" : undefined}
        value={form.clientSecret}
        onChange={(event) => edit("clientSecret", event.target.value)}
        error={fieldErrorOf(save.error, "clientSecret")}
        required={!hasSavedSecret}
      />
      {formError && <Notice tone="error">{formError}</Notice>}
      {save.data?.isEnforcementReset && (
        <Notice tone="warning" title="Enforce SSO was turned off">
          The identity provider changed, so password login is allowed again until you confirm the new one works: sign in through it, then
          turn Enforce SSO back on.
        </Notice>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save
        </button>
        <span className="save-status" role="status">
          {save.isPending && <span className="muted">Checking the issuer…</span>}
          {save.isSuccess && !isEditedSinceSave && <span className="saved">Saved</span>}
        </span>
      </div>
    </form>
  );
}
