import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { AdminOnly } from "../../components/admin-only.tsx";
import { Email } from "../../components/email.tsx";
import { Notice } from "../../components/notice.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { Link } from "../../router.tsx";

const TITLE = "Test sign-in";

/** Where the Test sign-in window lands: the outcome in one sentence; the settings page shows the details. */
export default function TestResultPage() {
  useDocumentTitle(TITLE);
  const signedIn = useSignedInUser();
  if (!isAdmin(signedIn)) return <AdminOnly title={TITLE} message="Only admins can test single sign-on." />;
  return <TestResult />;
}

function TestResult() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.sso.get.queryOptions());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const test = settings.data?.config?.lastTest ?? null;
  const isSuccess = test?.outcome === "success";

  useEffect(() => {
    if (test) headingRef.current?.focus();
  }, [test]);

  return (
    <div className="page">
      <header className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          {test ? (isSuccess ? "Test sign-in worked" : "Test sign-in failed") : TITLE}
        </h1>
      </header>
      {settings.isError && <Notice tone="error">{readApiError(settings.error).message}</Notice>}
      {test && (
        <Notice tone={isSuccess ? "success" : "error"}>
          {isSuccess ? (
            <p>
              Signing in as <Email address={test.claims?.email ?? test.byEmail} /> works. You can turn on Enforce SSO on the Single Sign-On
              page.
            </p>
          ) : (
            <>
              <p>{test.help?.explanation}</p>
              <p>
                <strong>Fix:</strong> {test.help?.fix}
              </p>
            </>
          )}
        </Notice>
      )}
      <p className="muted">The Single Sign-On page in your other window shows the details. You can close this window.</p>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={() => window.close()}>
          Close this window
        </button>
        <Link to="/integrations/sso" className="btn btn-secondary">
          Back to Single Sign-On
        </Link>
      </div>
    </div>
  );
}
