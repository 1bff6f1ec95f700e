import { readApiError } from "../lib/api-error.ts";
import { Notice } from "./notice.tsx";

/** A query that failed: what could not be loaded, why, and a way to try again. */
export function LoadErrorNotice({ title, error, onRetry }: { title: string; error: unknown; onRetry: () => void }) {
  return (
    <Notice tone="error" title={title}>
      <p>{readApiError(error).message}</p>
      <button type="button" className="btn btn-secondary" onClick={onRetry}>
        Try again
      </button>
    </Notice>
  );
}
