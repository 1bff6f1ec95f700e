import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Notice } from "../../components/notice.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { useTRPC } from "../../lib/trpc.ts";

interface RemoveSsoCardProps {
  configName: string;
  onRemoved: () => void;
}

/** Danger zone: deleting the config also turns enforcement off. Asks for confirmation inline. */
export function RemoveSsoCard({ configName, onRemoved }: RemoveSsoCardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isConfirming, setIsConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const remove = useMutation(
    trpc.sso.remove.mutationOptions({
      onSuccess: (settings) => {
        onRemoved();
        queryClient.setQueryData(trpc.sso.get.queryKey(), settings);
      },
    }),
  );

  useEffect(() => {
    // The Remove SSO button that had the focus is replaced by the question: focus its safe answer.
    if (isConfirming) cancelRef.current?.focus();
  }, [isConfirming]);

  return (
    <section className="card card-danger">
      <h2>Danger zone</h2>
      <p className="muted">
        Deletes the {configName} configuration and turns Enforce SSO off. People who have a password sign in with it again; no password is
        deleted.
      </p>
      {remove.error && <Notice tone="error">{readApiError(remove.error).message}</Notice>}
      {isConfirming ? (
        <div className="confirm">
          <p className="confirm-question">Remove single sign-on for everyone?</p>
          <div className="form-actions">
            <button type="button" className="btn btn-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Yes, remove SSO
            </button>
            <button
              ref={cancelRef}
              type="button"
              className="btn btn-secondary"
              disabled={remove.isPending}
              onClick={() => setIsConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="btn btn-danger-outline" onClick={() => setIsConfirming(true)}>
            Remove SSO
          </button>
        </div>
      )}
    </section>
  );
}
