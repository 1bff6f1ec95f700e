import { useLayoutEffect, useRef, useState } from "react";
import { AuthCard } from "../components/auth-card.tsx";
import { Notice } from "../components/notice.tsx";
import { PageLoading } from "../components/page-loading.tsx";
import { readApiError } from "../lib/api-error.ts";
import { safeReturnTo } from "../lib/return-to.ts";
import { saveSessionToken } from "../lib/session.ts";
import { trpcClient } from "../lib/trpc-client.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { Link, navigate } from "../router.tsx";

/** Reads `#code=…&returnTo=…` and removes it from the address bar and history before anything else runs. */
function takeHandoffFromUrl(): URLSearchParams {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  return fragment;
}

/** `/login/sso`: where the SSO callback lands; trades the single-use handoff code for a session. */
export function SsoCallbackPage() {
  const [failure, setFailure] = useState<string>();
  useDocumentTitle(failure ? "Sign-in didn't complete" : "Signing in");
  const hasStarted = useRef(false);

  useLayoutEffect(() => {
    if (hasStarted.current) return;
    hasStarted.current = true;
    const handoff = takeHandoffFromUrl();
    const code = handoff.get("code");
    if (!code) {
      setFailure("This sign-in link is incomplete. Please sign in again.");
      return;
    }
    const returnTo = safeReturnTo(handoff.get("returnTo")) ?? "/";
    trpcClient.auth.redeemSsoHandoff.mutate({ code }).then(
      ({ token }) => {
        saveSessionToken(token);
        navigate(returnTo, { replace: true });
      },
      (error: unknown) => setFailure(readApiError(error).message),
    );
  }, []);

  if (!failure) {
    return (
      <AuthCard title="Signing you in…">
        <PageLoading label="Completing single sign-on…" />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Sign-in didn't complete">
      <div className="stack">
        <Notice tone="error">{failure}</Notice>
        <Link className="btn btn-primary btn-block" to="/login">
          Back to sign in
        </Link>
      </div>
    </AuthCard>
  );
}
