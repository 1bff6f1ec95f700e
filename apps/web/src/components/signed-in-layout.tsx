import { useMutation, useQuery } from "@tanstack/react-query";
import { type ReactNode, Suspense, useEffect } from "react";
import { readApiError } from "../lib/api-error.ts";
import { signOut } from "../lib/query-client.ts";
import { loginUrlReturningTo } from "../lib/return-to.ts";
import { readSessionToken } from "../lib/session.ts";
import { isAdmin, SignedInUserContext } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { Email } from "./email.tsx";
import { LoadErrorNotice } from "./load-error-notice.tsx";
import { PageLoading } from "./page-loading.tsx";

const ADMIN_NAVIGATION = [
  { to: "/team", label: "Team Members" },
  { to: "/integrations/sso", label: "Integrations → SSO" },
  { to: "/integrations/scim", label: "Integrations → SCIM" },
] as const;

/** `page` on the item's own page, `true` on a page beneath it (e.g. Sign-in activity under Integrations → SSO). */
function currentness(to: string, pathname: string): "page" | true | undefined {
  if (pathname === to) return "page";
  return pathname.startsWith(`${to}/`) ? true : undefined;
}

/** The frame of every signed-in page: who you are, where you can go, and Log out. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const location = useLocation();
  const hasToken = readSessionToken() !== null;
  const me = useQuery({ ...trpc.auth.me.queryOptions(), enabled: hasToken });
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => signOut() }));

  useEffect(() => {
    if (!hasToken) navigate(loginUrlReturningTo(location.href), { replace: true });
  }, [hasToken, location.href]);

  if (!hasToken || me.isPending) return <PageLoading />;
  if (me.isError) {
    if (readApiError(me.error).code === "UNAUTHORIZED") return <PageLoading />;
    return (
      <main className="app-main">
        <LoadErrorNotice title="We couldn't load your account" error={me.error} onRetry={() => me.refetch()} />
      </main>
    );
  }

  const signedIn = me.data;
  return (
    <SignedInUserContext value={signedIn}>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="topbar-brand">
            <span className="brand-mark" aria-hidden="true">
              J
            </span>
            <span className="brand-name">JAMS IMES</span>
          </Link>
          <span className="topbar-workspace" title="Workspace">
            {signedIn.tenant.name}
          </span>
          {isAdmin(signedIn) && (
            <nav className="topbar-nav" aria-label="Main">
              {ADMIN_NAVIGATION.map((item) => (
                <Link key={item.to} to={item.to} className="topbar-link" aria-current={currentness(item.to, location.pathname)}>
                  {item.label}
                </Link>
              ))}
            </nav>
          )}
          <div className="topbar-account">
            <Link
              to="/account/sessions"
              className="topbar-email"
              title="Your sessions"
              aria-current={currentness("/account/sessions", location.pathname)}
            >
              <Email address={signedIn.user.email} />
            </Link>
            <button type="button" className="btn btn-ghost btn-small" disabled={logout.isPending} onClick={() => logout.mutate()}>
              Log out
            </button>
          </div>
        </div>
      </header>
      <main className="app-main">
        <Suspense fallback={<PageLoading />}>{children}</Suspense>
      </main>
    </SignedInUserContext>
  );
}
