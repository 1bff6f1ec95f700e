import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AdminOnly } from "../../components/admin-only.tsx";
import { Notice } from "../../components/notice.tsx";
import { SecretExpiryNotice } from "../../components/secret-expiry-notice.tsx";
import { readApiError } from "../../lib/api-error.ts";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { Link } from "../../router.tsx";
import { ActivityTable } from "./activity-table.tsx";

const TITLE = "Sign-in activity";
/** Events per page; "Show older events" fetches the next. */
const PAGE_SIZE = 50;

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
      <SecretWarning />
      <Activity />
    </div>
  );
}

/** A client secret about to expire explains the failures to come: the warning sits above the events. */
function SecretWarning() {
  const trpc = useTRPC();
  const config = useQuery(trpc.sso.get.queryOptions()).data?.config;
  return config ? <SecretExpiryNotice config={config} /> : null;
}

const CATEGORIES = [
  { value: "all", label: "All events" },
  { value: "failures", label: "Failed sign-ins" },
  { value: "signins", label: "Sign-ins" },
  { value: "changes", label: "Changes by admins, SCIM and the IdP" },
] as const;

type Category = (typeof CATEGORIES)[number]["value"];

function Activity() {
  const trpc = useTRPC();
  const [category, setCategory] = useState<Category>("all");
  // Always fresh when the page opens: the point is to see the attempt a colleague just made.
  const activity = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions({ limit: PAGE_SIZE, category }, { getNextPageParam: (page) => page.nextCursor }),
    staleTime: 0,
  });
  const events = activity.data?.pages.flatMap((page) => page.events);

  return (
    <section className="card card-flush" aria-busy={activity.isFetching}>
      <div className="card-header card-header-center">
        <h2 id="activity-events-title">Events</h2>
        <div className="card-header-actions">
          <label className="visually-hidden" htmlFor="activity-category">
            Show
          </label>
          <select
            id="activity-category"
            className="input select select-small"
            value={category}
            onChange={(event) => setCategory(event.target.value as Category)}
          >
            {CATEGORIES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
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
          <p className="empty-state-title">{category === "all" ? "No activity yet." : "Nothing of this kind yet."}</p>
          <p className="muted">Sign-ins, failed attempts and changes to SSO and the team appear here.</p>
        </div>
      )}
      {events && events.length > 0 && <ActivityTable events={events} labelledBy="activity-events-title" />}
      {activity.hasNextPage && (
        <div className="card-footer">
          <button
            type="button"
            className="btn btn-secondary"
            disabled={activity.isFetchingNextPage}
            onClick={() => activity.fetchNextPage()}
          >
            {activity.isFetchingNextPage ? "Loading…" : "Show older events"}
          </button>
        </div>
      )}
    </section>
  );
}
