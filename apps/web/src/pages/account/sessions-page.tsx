import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LoadErrorNotice } from "../../components/load-error-notice.tsx";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { deviceNameOf } from "../../lib/device-name.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";

const TITLE = "Your sessions";
const METHOD_LABEL = { pwd: "Password", sso: "Single sign-on" } as const;

/** `/account/sessions`: where you are signed in (device, when, how), and ending any of those sessions. */
export default function SessionsPage() {
  useDocumentTitle(TITLE);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const endSession = useMutation(
    trpc.auth.endSession.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.auth.sessions.queryFilter()) }),
  );
  return (
    <div className="page">
      <header className="page-header">
        <h1>{TITLE}</h1>
        <p className="page-lead">Every browser signed in to your account. End any you don't recognise or no longer use.</p>
      </header>
      {endSession.error && <Notice tone="error">{readApiError(endSession.error).message}</Notice>}
      {sessions.isPending && (
        <section className="card" aria-busy="true">
          <div className="skeleton-rows" role="status">
            Loading sessions…
          </div>
        </section>
      )}
      {sessions.isError && (
        <LoadErrorNotice title="We couldn't load your sessions" error={sessions.error} onRetry={() => sessions.refetch()} />
      )}
      {sessions.data && (
        <section className="card card-flush">
          <ul className="session-list" aria-label="Signed-in sessions">
            {sessions.data.sessions.map((session) => {
              const device = deviceNameOf(session.userAgent);
              return (
                <li key={session.id} className="session-item">
                  <div>
                    <p className="session-device">
                      {device}
                      {session.isCurrent && <span className="badge badge-accent">This device</span>}
                    </p>
                    <p className="muted small">
                      {METHOD_LABEL[session.method]} · signed in <RelativeTime iso={session.createdAt} /> · last active{" "}
                      <RelativeTime iso={session.lastSeenAt} />
                    </p>
                  </div>
                  {!session.isCurrent && (
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      aria-label={`End session on ${device}`}
                      disabled={endSession.isPending && endSession.variables?.sessionId === session.id}
                      onClick={() => endSession.mutate({ sessionId: session.id })}
                    >
                      End session
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
