import { type LookupResult, ssoButtonLabel } from "@jams/contracts";
import { useEffect, useRef, useState } from "react";
import { AuthCard } from "../../components/auth-card.tsx";
import { Email } from "../../components/email.tsx";
import { Notice } from "../../components/notice.tsx";
import { isUnauthorizedError } from "../../lib/api-error.ts";
import { safeReturnTo } from "../../lib/return-to.ts";
import { clearSessionToken, readSessionToken } from "../../lib/session.ts";
import { ssoStartUrl } from "../../lib/sso-start-url.ts";
import { trpcClient } from "../../lib/trpc-client.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { Link, navigate, useLocation } from "../../router.tsx";
import { EmailForm } from "./email-form.tsx";
import { PasswordForm } from "./password-form.tsx";
import { SsoErrorNotice } from "./sso-error-notice.tsx";

interface FoundAccount {
  email: string;
  methods: LookupResult;
}

/** Someone with a working session has nothing to do here: send them on. */
function useLeaveWhenSignedIn(destination: string): void {
  useEffect(() => {
    if (!readSessionToken()) return;
    trpcClient.auth.me.query().then(
      () => navigate(destination, { replace: true }),
      (error: unknown) => {
        if (isUnauthorizedError(error)) clearSessionToken();
      },
    );
  }, [destination]);
}

/** What a screen reader hears when the second step appears. */
function stepAnnouncement(email: string, methods: LookupResult): string {
  const ways = [methods.sso ? ssoButtonLabel(methods.sso.name) : null, methods.password ? "enter your password" : null].filter(Boolean);
  return `Signing in as ${email}. ${ways.join(", or ")}.`;
}

/** Email-first sign-in: the email decides whether to offer SSO, a password, or both. */
export function LoginPage() {
  useDocumentTitle("Sign in");
  const { searchParams } = useLocation();
  const returnTo = safeReturnTo(searchParams.get("returnTo"));
  const ssoError = searchParams.get("sso_error");
  const [account, setAccount] = useState<FoundAccount | null>(null);
  const [lastEmail, setLastEmail] = useState("");
  const [ssoRequiredMessage, setSsoRequiredMessage] = useState<string>();
  const ssoButtonRef = useRef<HTMLButtonElement>(null);
  useLeaveWhenSignedIn(returnTo ?? "/");

  const hasSso = account !== null && account.methods.sso !== null;
  useEffect(() => {
    // The email form that held the focus is gone: hand it to the next step's first control (a
    // password-only step focuses its password field itself).
    if (hasSso) ssoButtonRef.current?.focus();
  }, [hasSso]);

  function chooseDifferentEmail() {
    setLastEmail(account?.email ?? "");
    setAccount(null);
    setSsoRequiredMessage(undefined);
  }

  /** The workspace enforces SSO (perhaps since the lookup): ask again which button to show, and hide the password form. */
  async function offerSso(message: string) {
    if (!account) return;
    const methods = await trpcClient.auth.lookup.query({ email: account.email }).catch(() => account.methods);
    setAccount({ email: account.email, methods: { ...methods, password: false } });
    setSsoRequiredMessage(message);
  }

  const methods = account?.methods;
  return (
    <AuthCard
      title="Sign in to JAMS IMES"
      footer={
        <>
          New to JAMS IMES? <Link to="/signup">Create a workspace</Link>
        </>
      }
    >
      {ssoError !== null && <SsoErrorNotice code={ssoError} />}
      <p className="visually-hidden" role="status">
        {account && methods ? stepAnnouncement(account.email, methods) : ""}
      </p>
      {!account || !methods ? (
        <EmailForm initialEmail={lastEmail} onFound={(email, found) => setAccount({ email, methods: found })} />
      ) : (
        <div className="stack">
          <div className="identity">
            <span className="identity-email">
              <Email address={account.email} />
            </span>
            <button type="button" className="btn-link" onClick={chooseDifferentEmail}>
              Use a different email
            </button>
          </div>
          {ssoRequiredMessage && <Notice tone="info">{ssoRequiredMessage}</Notice>}
          {methods.sso && (
            <button
              type="button"
              ref={ssoButtonRef}
              className="btn btn-primary btn-block"
              onClick={() => window.location.assign(ssoStartUrl(account.email, returnTo))}
            >
              {ssoButtonLabel(methods.sso.name)}
            </button>
          )}
          {methods.sso && !methods.password && <p className="muted small">Your workspace signs in through its identity provider.</p>}
          {methods.sso && methods.password && (
            <div className="divider">
              <span>or</span>
            </div>
          )}
          {methods.password && (
            <PasswordForm
              email={account.email}
              isOnlyMethod={!methods.sso}
              onSignedIn={() => navigate(returnTo ?? "/", { replace: true })}
              onSsoRequired={offerSso}
            />
          )}
        </div>
      )}
    </AuthCard>
  );
}
