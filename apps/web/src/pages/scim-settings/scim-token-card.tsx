import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmQuestion } from "../../components/confirm-question.tsx";
import { CopyField } from "../../components/copy-field.tsx";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { RouterOutputs } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";

type TokenInfo = RouterOutputs["scim"]["get"]["token"];

/** The one SCIM bearer token: generate (shown once), replace, revoke. Replacing and revoking ask first: the IdP stops syncing. */
export function ScimTokenCard({ token }: { token: TokenInfo }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.scim.get.queryFilter());
  const [pending, setPending] = useState<"rotate" | "revoke" | null>(null);
  const rotate = useMutation(trpc.scim.rotateToken.mutationOptions({ onSuccess: () => setPending(null), onSettled: refresh }));
  const revoke = useMutation(
    trpc.scim.revokeToken.mutationOptions({
      onSuccess: () => {
        setPending(null);
        rotate.reset();
      },
      onSettled: refresh,
    }),
  );
  const failure = rotate.error ?? revoke.error;

  return (
    <section className="card">
      <div className="card-title-row">
        <h2>Bearer token</h2>
        {token ? (
          <span className="badge badge-success">
            Active · last used&nbsp;{token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : "never"}
          </span>
        ) : (
          <span className="badge badge-neutral">No token</span>
        )}
      </div>
      {failure && <Notice tone="error">{readApiError(failure).message}</Notice>}
      {rotate.data && (
        <Notice tone="warning" title="Copy the token now: it won't be shown again">
          <CopyField label="SCIM token" value={rotate.data.token} hint="Paste it into your identity provider's provisioning settings." />
        </Notice>
      )}
      {token && !rotate.data && (
        <p className="muted">
          Created <RelativeTime iso={token.createdAt} />. Only a fingerprint is stored; if the token is lost, generate a new one.
        </p>
      )}
      {!token && <p className="muted">Generate a token, then paste it into your identity provider with the base URL above.</p>}
      {pending ? (
        <ConfirmQuestion
          key={pending}
          question={
            pending === "rotate"
              ? "Replace the token? The current one stops working at once, so provisioning pauses until you paste the new one."
              : "Revoke the token? Provisioning stops until you generate a new one."
          }
          confirmLabel={pending === "rotate" ? "Yes, replace it" : "Yes, revoke it"}
          tone={pending === "rotate" ? "primary" : "danger"}
          isPending={rotate.isPending || revoke.isPending}
          onConfirm={() => (pending === "rotate" ? rotate.mutate() : revoke.mutate())}
          onCancel={() => setPending(null)}
        />
      ) : (
        <div className="form-actions">
          {token ? (
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setPending("rotate")}>
                Generate a new token
              </button>
              <button type="button" className="btn btn-danger-outline" onClick={() => setPending("revoke")}>
                Revoke
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-primary" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
              Generate token
            </button>
          )}
        </div>
      )}
    </section>
  );
}
