import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Notice } from "../../components/notice.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { SsoConfig } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";

interface EnforceSsoCardProps {
  config: SsoConfig | null;
  workspaceName: string;
}

/** The Enforce SSO switch. The server allows turning it on only to an admin signed in through SSO right now. */
export function EnforceSsoCard({ config, workspaceName }: EnforceSsoCardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const descriptionId = useId();
  const setEnforced = useMutation(
    trpc.sso.setEnforced.mutationOptions({
      onSuccess: (settings) => queryClient.setQueryData(trpc.sso.get.queryKey(), settings),
    }),
  );
  const isEnforced = config?.enforce ?? false;

  return (
    <section className="card">
      <div className="switch-row">
        <div>
          <h2 id={titleId}>Enforce SSO</h2>
          <p id={descriptionId} className="muted">
            {config
              ? `When on, everyone in ${workspaceName} must sign in through ${config.displayName}; password login is rejected. Turn it on only after SSO worked for you.`
              : "Save an SSO configuration first. Then sign in through it once before you turn this on."}
          </p>
        </div>
        <div className="switch-control">
          <span className="switch-state" aria-hidden="true">
            {isEnforced ? "On" : "Off"}
          </span>
          <button
            type="button"
            role="switch"
            className="switch"
            aria-checked={isEnforced}
            aria-labelledby={titleId}
            aria-describedby={descriptionId}
            disabled={!config || setEnforced.isPending}
            onClick={() => setEnforced.mutate({ enforce: !isEnforced })}
          >
            <span className="switch-thumb" aria-hidden="true" />
          </button>
        </div>
      </div>
      {setEnforced.error && <Notice tone="error">{readApiError(setEnforced.error).message}</Notice>}
    </section>
  );
}
