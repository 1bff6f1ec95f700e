import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmQuestion } from "../../components/confirm-question.tsx";
import { CopyField } from "../../components/copy-field.tsx";
import { TextField } from "../../components/form-field.tsx";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { fieldErrorOf, formErrorOf, readApiError } from "../../lib/api-error.ts";
import type { RouterOutputs } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";

type DomainRow = RouterOutputs["domains"]["list"]["domains"][number];

/**
 * Verified domains: a workspace proves it owns `acme.com` with a DNS TXT record; from then on only
 * it can invite, sign in or provision `@acme.com` addresses, and other workspaces' holds are released.
 */
export function VerifiedDomainsCard() {
  const trpc = useTRPC();
  const domains = useQuery(trpc.domains.list.queryOptions());
  return (
    <section className="card" aria-labelledby="verified-domains-title">
      <h2 id="verified-domains-title">Verified domains</h2>
      <p className="muted">
        Prove your workspace owns your email domain. Once verified, only this workspace can invite, sign in or provision its addresses;
        accounts other workspaces hold on it are signed out and released. We re-check the record daily.
      </p>
      {domains.isPending && <p role="status">Loading…</p>}
      {domains.isError && <Notice tone="error">{readApiError(domains.error).message}</Notice>}
      {domains.data && domains.data.domains.length > 0 && (
        <ul className="domain-list">
          {domains.data.domains.map((row) => (
            <DomainItem key={row.domain} row={row} />
          ))}
        </ul>
      )}
      <AddDomainForm />
    </section>
  );
}

function AddDomainForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [domain, setDomain] = useState("");
  const add = useMutation(
    trpc.domains.add.mutationOptions({
      onSuccess: () => setDomain(""),
      onSettled: () => queryClient.invalidateQueries(trpc.domains.list.queryFilter()),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ domain });
  };
  const formError = formErrorOf(add.error, ["domain"]);
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      {formError && <Notice tone="error">{formError}</Notice>}
      <TextField
        label="Domain"
        name="domain"
        placeholder="acme.com"
        autoComplete="off"
        spellCheck={false}
        value={domain}
        onChange={(event) => setDomain(event.target.value)}
        error={fieldErrorOf(add.error, "domain")}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={add.isPending}>
          Add domain
        </button>
      </div>
    </form>
  );
}

function DomainItem({ row }: { row: DomainRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.domains.list.queryFilter());
  const verify = useMutation(trpc.domains.verify.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.domains.remove.mutationOptions({ onSettled: refresh }));
  const [isConfirmingRemoval, setIsConfirmingRemoval] = useState(false);
  const failure = verify.error ?? remove.error;
  const released = verify.data?.released ?? 0;

  return (
    <li className="domain-item">
      <div className="card-title-row">
        <h3>{row.domain}</h3>
        {row.verifiedAt ? (
          <span className="badge badge-success">
            Verified&nbsp;
            <RelativeTime iso={row.verifiedAt} />
          </span>
        ) : (
          <span className="badge badge-warning">Not verified</span>
        )}
      </div>
      {failure && <Notice tone="error">{readApiError(failure).message}</Notice>}
      {verify.isSuccess && (
        <Notice tone="success">
          {row.domain} is verified.
          {released > 0 && ` ${released === 1 ? "1 address" : `${released} addresses`} held by other workspaces released.`}
        </Notice>
      )}
      {!row.verifiedAt && (
        <>
          <p className="muted">Add this TXT record at your DNS provider, then select Verify. Keep it there: we re-check it daily.</p>
          <CopyField label={`TXT record name for ${row.domain}`} value={row.recordName} />
          <CopyField label={`TXT record value for ${row.domain}`} value={row.recordValue} />
        </>
      )}
      {isConfirmingRemoval ? (
        <ConfirmQuestion
          question={`Remove ${row.domain}?${row.verifiedAt ? " Other workspaces could then invite its addresses again." : ""}`}
          confirmLabel={`Yes, remove ${row.domain}`}
          tone="danger"
          isPending={remove.isPending}
          onConfirm={() => remove.mutate({ domain: row.domain })}
          onCancel={() => setIsConfirmingRemoval(false)}
        />
      ) : (
        <div className="form-actions">
          {!row.verifiedAt && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={verify.isPending}
              onClick={() => verify.mutate({ domain: row.domain })}
            >
              {verify.isPending ? "Checking DNS…" : `Verify ${row.domain}`}
            </button>
          )}
          <button type="button" className="btn btn-danger-outline" onClick={() => setIsConfirmingRemoval(true)}>
            Remove {row.domain}
          </button>
        </div>
      )}
    </li>
  );
}
