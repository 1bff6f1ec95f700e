import type { IdpKind } from "@jams/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { TextField } from "../../components/form-field.tsx";
import { Notice } from "../../components/notice.tsx";
import { fieldErrorOf, formErrorOf } from "../../lib/api-error.ts";
import type { SsoConfig } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useGuideShelf } from "../sso-guides/guide-shelf.ts";
import { HintText } from "./hint-text.tsx";
import { type AdvisedField, adviceOn } from "./idp-advice.ts";
import { IdpPicker } from "./idp-picker.tsx";
import { fieldHelpOf, IDP_PORTALS, isProposedDisplayName, type PortalField } from "./idp-portals.ts";
import "./guided-setup.css";

const FIELDS = ["idpKind", "displayName", "issuer", "clientId", "clientSecret", "clientSecretExpiresOn"] as const;

interface FormValues {
  idpKind: IdpKind | null;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `YYYY-MM-DD` as the date input gives it, or empty. */
  clientSecretExpiresOn: string;
}

function valuesOf(config: SsoConfig | null): FormValues {
  return {
    idpKind: config?.idpKind ?? null,
    displayName: config?.displayName ?? "",
    issuer: config?.issuer ?? "",
    clientId: config?.clientId ?? "",
    clientSecret: "",
    clientSecretExpiresOn: config?.clientSecretExpiresOn ?? "",
  };
}

const FIXED_ISSUERS = new Set(Object.values(IDP_PORTALS).flatMap((portal) => (portal.fixedIssuer ? [portal.fixedIssuer] : [])));

/** The form after picking an IdP: its name proposed for the button and its fixed issuer filled in, unless the admin typed their own. */
function withIdpPicked(form: FormValues, kind: IdpKind): FormValues {
  const portal = IDP_PORTALS[kind];
  const isIssuerProposed = form.issuer.trim() === "" || FIXED_ISSUERS.has(form.issuer.trim());
  return {
    ...form,
    idpKind: kind,
    displayName: isProposedDisplayName(form.displayName) ? portal.defaultDisplayName : form.displayName,
    issuer: isIssuerProposed ? (portal.fixedIssuer ?? "") : form.issuer,
  };
}

/** The values from the identity provider, guided by which one it is. Saving checks the issuer's discovery document first. */
export function SsoConfigForm({ config }: { config: SsoConfig | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => valuesOf(config));
  const [isEditedSinceSave, setIsEditedSinceSave] = useState(false);
  const save = useMutation(
    trpc.sso.save.mutationOptions({
      onSuccess: ({ isEnforcementReset: _isEnforcementReset, ...settings }) => {
        setIsEditedSinceSave(false);
        if (settings.config) setForm(valuesOf(settings.config));
        queryClient.setQueryData(trpc.sso.get.queryKey(), settings);
      },
    }),
  );

  const setPreferredGuide = useGuideShelf()?.setPreferred;
  useEffect(() => {
    const portal = form.idpKind ? IDP_PORTALS[form.idpKind] : undefined;
    setPreferredGuide?.(portal && { slug: portal.guideSlug, linkText: portal.guideLinkText });
  }, [form.idpKind, setPreferredGuide]);

  function edit(field: Exclude<keyof FormValues, "idpKind">, value: string) {
    setForm({ ...form, [field]: value });
    setIsEditedSinceSave(true);
  }

  function pickIdp(kind: IdpKind) {
    setForm(withIdpPicked(form, kind));
    setIsEditedSinceSave(true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { idpKind, clientSecret, clientSecretExpiresOn, ...rest } = form;
    save.mutate({
      ...rest,
      ...(idpKind ? { idpKind } : {}),
      clientSecret: clientSecret === "" ? undefined : clientSecret,
      clientSecretExpiresOn: clientSecretExpiresOn === "" ? null : clientSecretExpiresOn,
    });
  }

  const help = (field: PortalField) => fieldHelpOf(form.idpKind, field);
  const hint = (field: PortalField) => {
    const text = help(field).hint;
    return text ? <HintText hint={text} /> : undefined;
  };
  const advice = (field: AdvisedField) => {
    const text = adviceOn(form.idpKind, field, form);
    return text ? <HintText hint={text} /> : undefined;
  };
  const hasSavedSecret = config?.hasClientSecret ?? false;
  const formError = formErrorOf(save.error, FIELDS);
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <IdpPicker value={form.idpKind} onChange={pickIdp} />
      <TextField
        label="Configuration name"
        hint={`Shown on the login button: Continue with ${form.displayName.trim() || "<name>"}`}
        placeholder={(form.idpKind && IDP_PORTALS[form.idpKind].defaultDisplayName) || "e.g. Acme SSO"}
        autoComplete="off"
        value={form.displayName}
        onChange={(event) => edit("displayName", event.target.value)}
        error={fieldErrorOf(save.error, "displayName")}
        required
      />
      <TextField
        label="Issuer URL"
        hint={hint("issuer")}
        advice={advice("issuer")}
        type="url"
        inputMode="url"
        placeholder={help("issuer").placeholder}
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
        hint={hint("clientId")}
        advice={advice("clientId")}
        placeholder={help("clientId").placeholder}
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
        hint={hint("clientSecret")}
        advice={advice("clientSecret")}
        type="password"
        autoComplete="off"
        placeholder={hasSavedSecret ? "•••••••• saved — leave empty to keep" : undefined}
        value={form.clientSecret}
        onChange={(event) => edit("clientSecret", event.target.value)}
        error={fieldErrorOf(save.error, "clientSecret")}
        required={!hasSavedSecret}
      />
      <TextField
        label="Secret expires on"
        hint={hint("clientSecretExpiresOn")}
        type="date"
        className="input-date"
        value={form.clientSecretExpiresOn}
        onChange={(event) => edit("clientSecretExpiresOn", event.target.value)}
        error={fieldErrorOf(save.error, "clientSecretExpiresOn")}
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
