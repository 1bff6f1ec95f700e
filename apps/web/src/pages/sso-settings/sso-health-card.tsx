import { useQuery } from "@tanstack/react-query";
import { Email } from "../../components/email.tsx";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { readApiError } from "../../lib/api-error.ts";
import type { RouterOutputs } from "../../lib/api-types.ts";
import { useTRPC } from "../../lib/trpc.ts";

type Health = NonNullable<RouterOutputs["sso"]["health"]>;

function Check({ label, ok, detail }: { label: string; ok: boolean; detail: string }) {
  return (
    <li className="health-check">
      <span className={ok ? "badge badge-success" : "badge badge-danger"}>{ok ? "OK" : "Problem"}</span>
      <span>
        <strong>{label}</strong> <span className="muted">{detail}</span>
      </span>
    </li>
  );
}

function Endpoints({ endpoints }: { endpoints: NonNullable<Health["endpoints"]> }) {
  const rows: Array<[string, string | null]> = [
    ["Authorization", endpoints.authorization],
    ["Token", endpoints.token],
    ["Userinfo", endpoints.userinfo],
    ["JWKS", endpoints.jwks],
    ["End session", endpoints.endSession],
  ];
  return (
    <details className="endpoints">
      <summary>Discovered endpoints</summary>
      <dl className="claims">
        {rows.map(([name, url]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd className={url ? "mono wrap-anywhere" : "muted"}>{url ?? "not offered"}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function History({ health }: { health: Health }) {
  const { lastSuccess, lastFailure } = health;
  return (
    <ul className="health-history">
      <li>
        Last successful SSO sign-in:{" "}
        {lastSuccess ? (
          <>
            <RelativeTime iso={lastSuccess.at} />
            {lastSuccess.email && (
              <span className="muted">
                {" "}
                · <Email address={lastSuccess.email} />
              </span>
            )}
          </>
        ) : (
          <span className="muted">none yet</span>
        )}
      </li>
      <li>
        Last failure:{" "}
        {lastFailure ? (
          <>
            <RelativeTime iso={lastFailure.at} />
            {lastFailure.code && <span className="error-code"> · {lastFailure.code}</span>}
            {lastFailure.help && <span className="muted"> — {lastFailure.help.explanation}</span>}
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </li>
    </ul>
  );
}

/** Whether the IdP answers now (discovery, signing keys), what it offers, and how the last sign-ins went. */
export function SsoHealthCard() {
  const trpc = useTRPC();
  const health = useQuery(trpc.sso.health.queryOptions(undefined, { staleTime: 0, refetchOnWindowFocus: false }));
  return (
    <section className="card" aria-labelledby="sso-health-title" aria-busy={health.isFetching}>
      <div className="card-title-row">
        <h2 id="sso-health-title">Health</h2>
        {health.data && (
          <span className="muted small">
            Checked <RelativeTime iso={health.data.checkedAt} />
          </span>
        )}
      </div>
      {health.isPending && <p role="status">Checking your identity provider…</p>}
      {health.isError && <Notice tone="error">{readApiError(health.error).message}</Notice>}
      {health.data && (
        <>
          <ul className="health-checks">
            <Check
              label="Discovery"
              ok={health.data.discovery.ok}
              detail={health.data.discovery.problem ?? "the OpenID configuration loads"}
            />
            <Check
              label="Signing keys"
              ok={health.data.jwks.ok}
              detail={
                health.data.jwks.problem ?? `${health.data.jwks.keyCount === 1 ? "1 key" : `${health.data.jwks.keyCount} keys`} published`
              }
            />
          </ul>
          <History health={health.data} />
          {health.data.endpoints && <Endpoints endpoints={health.data.endpoints} />}
        </>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" disabled={health.isFetching} onClick={() => health.refetch()}>
          Check again
        </button>
      </div>
    </section>
  );
}
