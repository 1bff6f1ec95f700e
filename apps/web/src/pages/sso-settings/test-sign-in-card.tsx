import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Email } from "../../components/email.tsx";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { SsoConfig } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { openTestWindow } from "./open-test-window.ts";

/** How long the page waits for the test window's outcome before it stops asking. */
const WAIT_FOR_OUTCOME_MS = 5 * 60_000;

type LastTest = NonNullable<SsoConfig["lastTest"]>;

function Claims({ claims }: { claims: NonNullable<LastTest["claims"]> }) {
  const rows: Array<[string, string | null]> = [
    ["email", claims.email],
    ["email_verified", claims.emailVerified === null ? null : String(claims.emailVerified)],
    ["sub", claims.sub],
    ["name", claims.name],
  ];
  return (
    <dl className="claims">
      {rows.map(([name, value]) => (
        <div key={name}>
          <dt className="mono">{name}</dt>
          <dd className={value === null ? "muted" : "mono wrap-anywhere"}>
            {value === null ? "not returned" : name === "email" ? <Email address={value} /> : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Outcome({ test }: { test: LastTest }) {
  const isSuccess = test.outcome === "success";
  return (
    <div className="test-outcome">
      <Notice tone={isSuccess ? "success" : "error"} title={isSuccess ? "Test sign-in worked" : "Test sign-in failed"}>
        <p>
          By <Email address={test.byEmail} />, <RelativeTime iso={test.at} />
          {!isSuccess && test.outcome !== "other_user" && (
            <>
              {" "}
              · <span className="error-code">{test.outcome}</span>
            </>
          )}
        </p>
        {test.help && (
          <>
            <p>{test.help.explanation}</p>
            <p>
              <strong>Fix:</strong> {test.help.fix}
            </p>
          </>
        )}
      </Notice>
      {test.claims && (
        <>
          <h3 className="subheading">What the identity provider returned</h3>
          <Claims claims={test.claims} />
        </>
      )}
    </div>
  );
}

/**
 * Test sign-in: runs the real SSO flow in its own window as the admin, without touching their
 * session, and shows the outcome here — success, or the error code with its fix, and the claims.
 */
export function TestSignInCard({ config }: { config: SsoConfig }) {
  const trpc = useTRPC();
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [isBlocked, setIsBlocked] = useState(false);
  const lastTestAt = config.lastTest ? Date.parse(config.lastTest.at) : 0;
  const isWaiting = startedAt !== null && lastTestAt < startedAt - 1000;
  useQuery(trpc.sso.get.queryOptions(undefined, { refetchInterval: isWaiting ? 2000 : false }));
  const startTest = useMutation(trpc.sso.startTest.mutationOptions());

  useEffect(() => {
    if (!isWaiting) return;
    const timer = window.setTimeout(() => setStartedAt(null), WAIT_FOR_OUTCOME_MS);
    return () => window.clearTimeout(timer);
  }, [isWaiting]);

  function run() {
    const testWindow = openTestWindow();
    setIsBlocked(!testWindow.isOpen);
    setStartedAt(Date.now());
    startTest.mutate(undefined, { onSuccess: ({ ticket }) => testWindow.post(ticket), onError: () => setStartedAt(null) });
  }

  return (
    <section className="card" aria-labelledby="test-sign-in-title">
      <div className="card-title-row">
        <h2 id="test-sign-in-title">Test sign-in</h2>
        {config.lastTest?.outcome === "success" && <span className="badge badge-success">Passed</span>}
      </div>
      <p className="muted">
        Signs you in through {config.displayName} in a new window, with the settings above, and shows what it returned. Your session here
        stays as it is. Enforce SSO unlocks once a test succeeds.
      </p>
      {startTest.error && <Notice tone="error">{readApiError(startTest.error).message}</Notice>}
      {isBlocked && (
        <Notice tone="warning">Your browser blocked the test window. Allow pop-ups for this site, then select Test sign-in again.</Notice>
      )}
      {isWaiting && (
        <p className="muted" role="status">
          Waiting for the test window… Sign in to {config.displayName} there.
        </p>
      )}
      {config.lastTest && !isWaiting && <Outcome test={config.lastTest} />}
      <div className="form-actions">
        <button type="button" id="test-sign-in-button" className="btn btn-primary" disabled={startTest.isPending} onClick={run}>
          {config.lastTest ? "Test sign-in again" : "Test sign-in"}
        </button>
      </div>
    </section>
  );
}
