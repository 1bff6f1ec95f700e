import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ConfirmQuestion } from "../../components/confirm-question.tsx";
import { Notice } from "../../components/notice.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { SsoConfig } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";

interface EnforceSsoCardProps {
  config: SsoConfig | null;
  workspaceName: string;
}

/** Moves the admin to Test sign-in, the step that unlocks this switch. */
function focusTestSignIn() {
  const button = document.getElementById("test-sign-in-button");
  button?.scrollIntoView({ block: "center" });
  button?.focus();
}

/**
 * The Enforce SSO switch. It unlocks once SSO has worked for an admin with the saved settings (a
 * successful Test sign-in); until then it says why and offers the test. Turning it on asks first.
 */
export function EnforceSsoCard({ config, workspaceName }: EnforceSsoCardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const descriptionId = useId();
  const [isConfirming, setIsConfirming] = useState(false);
  const setEnforced = useMutation(
    trpc.sso.setEnforced.mutationOptions({
      onSuccess: (settings) => {
        setIsConfirming(false);
        queryClient.setQueryData(trpc.sso.get.queryKey(), settings);
      },
    }),
  );
  const isEnforced = config?.enforce ?? false;
  const isLocked = !config || (!isEnforced && !config.canEnforce);

  function toggle() {
    setEnforced.reset();
    if (isEnforced) setEnforced.mutate({ enforce: false });
    else setIsConfirming(true);
  }

  return (
    <section className="card">
      <div className="switch-row">
        <div>
          <h2 id={titleId}>Enforce SSO</h2>
          <p id={descriptionId} className="muted">
            {config
              ? `When on, everyone in ${workspaceName} must sign in through ${config.displayName}; password login is rejected and password sessions end.`
              : "Save an SSO configuration first, then test it. Enforcing unlocks once a test sign-in succeeds."}
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
            disabled={isLocked || setEnforced.isPending || isConfirming}
            onClick={toggle}
          >
            <span className="switch-thumb" aria-hidden="true" />
          </button>
        </div>
      </div>
      {config && !isEnforced && config.enforceBlocker && (
        <div className="enforce-blocker">
          <p className="enforce-blocker-text">{config.enforceBlocker}</p>
          <button type="button" className="btn btn-secondary btn-small" onClick={focusTestSignIn}>
            Go to Test sign-in
          </button>
        </div>
      )}
      {isConfirming && config && (
        <ConfirmQuestion
          question={`Turn on Enforce SSO for everyone in ${workspaceName}? From now on they sign in only through ${config.displayName}, and every password session ends now.`}
          confirmLabel="Yes, enforce SSO"
          tone="primary"
          isPending={setEnforced.isPending}
          onConfirm={() => setEnforced.mutate({ enforce: true })}
          onCancel={() => setIsConfirming(false)}
        />
      )}
      {setEnforced.error && <Notice tone="error">{readApiError(setEnforced.error).message}</Notice>}
    </section>
  );
}
