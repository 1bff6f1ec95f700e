import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { ErrorBoundary } from "./components/error-boundary.tsx";
import { PageLoading } from "./components/page-loading.tsx";
import { LoginPage } from "./pages/login/login-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { SsoCallbackPage } from "./pages/sso-callback-page.tsx";
import { findGuide, type GuideSection } from "./pages/sso-guides/guide-catalog.ts";
import { matchPath, useLocation } from "./router.tsx";

/**
 * `React.lazy` whose download can start before it renders, so nested lazy parts load in parallel.
 * A failed download surfaces when the part renders, through the error boundary.
 */
function lazyWithPreload<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return Object.assign(lazy(load), { preload: () => load().catch(() => undefined) });
}

// Everything but the sign-in pages loads on demand: `/login` ships without React Query or the settings pages.
const ApiProvider = lazyWithPreload(() => import("./components/api-provider.tsx"));
const SignedInLayout = lazyWithPreload(() => import("./components/signed-in-layout.tsx"));
const SignupPage = lazyWithPreload(() => import("./pages/signup-page.tsx"));
const InvitePage = lazyWithPreload(() => import("./pages/invite-page.tsx"));
const HomePage = lazyWithPreload(() => import("./pages/home-page.tsx"));
const TeamPage = lazyWithPreload(() => import("./pages/team/team-page.tsx"));
const SsoSettingsPage = lazyWithPreload(() => import("./pages/sso-settings/sso-settings-page.tsx"));
const SignInActivityPage = lazyWithPreload(() => import("./pages/sign-in-activity/sign-in-activity-page.tsx"));
const SessionsPage = lazyWithPreload(() => import("./pages/account/sessions-page.tsx"));
const ScimSettingsPage = lazyWithPreload(() => import("./pages/scim-settings/scim-settings-page.tsx"));
const TestResultPage = lazyWithPreload(() => import("./pages/sso-settings/test-result-page.tsx"));
const GuidePage = lazyWithPreload(() => import("./pages/sso-guides/guide-page.tsx"));

type Preloadable = { preload: () => Promise<unknown> };

interface Route {
  path: string;
  /** Lazy parts to fetch together as soon as the route matches. */
  parts?: Preloadable[];
  render: (params: Record<string, string>) => ReactNode;
}

function signedIn(page: ReactNode): ReactNode {
  return (
    <ApiProvider>
      <SignedInLayout>{page}</SignedInLayout>
    </ApiProvider>
  );
}

const SIGNED_IN_PARTS = [ApiProvider, SignedInLayout];

/** A setup guide's page; a slug outside the known guides is not found. */
function guidePage(section: GuideSection, slug: string): ReactNode {
  const guide = findGuide(section, slug);
  return guide ? signedIn(<GuidePage key={`${section}/${slug}`} guide={guide} />) : <NotFoundPage />;
}

const ROUTES: Route[] = [
  { path: "/login", render: () => <LoginPage /> },
  { path: "/login/sso", render: () => <SsoCallbackPage /> },
  {
    path: "/signup",
    parts: [ApiProvider, SignupPage],
    render: () => (
      <ApiProvider>
        <SignupPage />
      </ApiProvider>
    ),
  },
  {
    path: "/invite/:token",
    parts: [ApiProvider, InvitePage],
    render: ({ token = "" }) => (
      <ApiProvider>
        <InvitePage token={token} />
      </ApiProvider>
    ),
  },
  { path: "/", parts: [...SIGNED_IN_PARTS, HomePage], render: () => signedIn(<HomePage />) },
  { path: "/team", parts: [...SIGNED_IN_PARTS, TeamPage], render: () => signedIn(<TeamPage />) },
  { path: "/account/sessions", parts: [...SIGNED_IN_PARTS, SessionsPage], render: () => signedIn(<SessionsPage />) },
  { path: "/integrations/sso", parts: [...SIGNED_IN_PARTS, SsoSettingsPage], render: () => signedIn(<SsoSettingsPage />) },
  { path: "/integrations/scim", parts: [...SIGNED_IN_PARTS, ScimSettingsPage], render: () => signedIn(<ScimSettingsPage />) },
  {
    path: "/integrations/sso/test-result",
    parts: [...SIGNED_IN_PARTS, TestResultPage],
    render: () => signedIn(<TestResultPage />),
  },
  {
    path: "/integrations/sso/activity",
    parts: [...SIGNED_IN_PARTS, SignInActivityPage],
    render: () => signedIn(<SignInActivityPage />),
  },
  {
    path: "/integrations/sso/guides/:slug",
    parts: [...SIGNED_IN_PARTS, GuidePage],
    render: ({ slug = "" }) => guidePage("sso", slug),
  },
  {
    path: "/integrations/scim/guides/:slug",
    parts: [...SIGNED_IN_PARTS, GuidePage],
    render: ({ slug = "" }) => guidePage("scim", slug),
  },
];

function renderRoute(pathname: string): ReactNode {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    for (const part of route.parts ?? []) part.preload();
    return route.render(params);
  }
  return <NotFoundPage />;
}

export function App() {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary resetKey={pathname}>
      <Suspense fallback={<PageLoading />}>{renderRoute(pathname)}</Suspense>
    </ErrorBoundary>
  );
}
