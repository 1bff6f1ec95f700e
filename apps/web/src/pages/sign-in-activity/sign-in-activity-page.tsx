import { useQuery } from "@tanstack/react-query";
import { AdminOnly } from "../../components/admin-only.tsx";
import { Notice } from "../../components/notice.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { Link } from "../../router.tsx";
import { ActivityTable } from "./activity-table.tsx";

const TITLE = "Sign-in activity";
/** As many events as the page shows; the server keeps more. */
const LIMIT = 100;

/** `/integrations/sso/activity`: recent sign-ins, failures with their reason, and SSO and team changes. Admins only. */
export default function SignInActivityPage() {
  useDocumentTitle(TITLE);
  const signedIn = useSignedInUser();
  if (!isAdmin(signedIn)) return <AdminOnly title={TITLE} message="Only admins can see sign-in activity." />;
  return (
    <div className="page">
      <header className="page-header">
        <Link to="/integrations/sso" className="back-link">
          ← Single Sign-On
        </Link>
        <h1>{TITLE}</h1>
        <p className="page-lead">
          Recent sign-ins and changes to single sign-on in {signedIn.tenant.name}. Use it to see why a colleague cannot sign in.
        </p>
      </header>
      <Activity />
    </div>
  );
}

function Activity() {
  const trpc = useTRPC();
  // Always fresh when the page opens: the point is to see the attempt a colleague just made.
  const activity = useQuery({ ...trpc.audit.list.queryOptions({ limit: LIMIT }), staleTime: 0 });
  const events = activity.data?.events;

  return (
    <section className="card card-flush" aria-busy={activity.isFetching}>
      <div className="card-header card-header-center">
        <h2>Recent events</h2>
        <div className="card-header-actions">
          <span className="muted small" role="status">
            {activity.isFetching && !activity.isPending ? "Refreshing…" : events && events.length > 0 && describeCount(events.length)}
          </span>
          <button type="button" className="btn btn-secondary btn-small" disabled={activity.isFetching} onClick={() => activity.refetch()}>
            Refresh
          </button>
        </div>
      </div>
      {activity.isPending && (
        <div className="skeleton-rows" role="status">
          Loading activity…
        </div>
      )}
      {activity.isError && (
        <div className="card-notice card-notice-last">
          <Notice tone="error" title="We couldn't load the sign-in activity">
            <p>{readApiError(activity.error).message}</p>
          </Notice>
        </div>
      )}
      {events && events.length === 0 && (
        <div className="card-empty empty-activity">
          <p className="empty-state-title">No activity yet.</p>
          <p className="muted">Sign-ins, failed attempts and changes to SSO and the team appear here.</p>
        </div>
      )}
      {events && events.length > 0 && <ActivityTable events={events} />}
    </section>
  );
}

function describeCount(count: number): string {
  if (count >= LIMIT) return `Latest ${LIMIT} events`;
  return count === 1 ? "1 event" : `${count} events`;
}
