import { describeSignInFailure } from "@jams/contracts";

/** Why a sign-in failed and what fixes it, so an admin can unblock a colleague. */
export function FailureHelp({ code }: { code: string | null }) {
  if (!code) return null;
  const help = describeSignInFailure(code);
  return (
    <div className="failure-help">
      <code className="failure-code">{code}</code>
      {help && (
        <>
          <p>{help.explanation}</p>
          <p className="muted">
            <span className="failure-fix-label">Fix:</span> {help.fix}
          </p>
        </>
      )}
    </div>
  );
}
