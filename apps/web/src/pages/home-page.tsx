import { useQuery } from "@tanstack/react-query";
import { SecretExpiryNotice } from "../components/secret-expiry-notice.tsx";
import type { SsoConfig } from "../lib/api-types.ts";
import { isAdmin, useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { Link } from "../router.tsx";

const SIGN_IN_METHOD_TEXT = { pwd: "Signed in with password", sso: "Signed in with single sign-on" } as const;

/** Where the workspace's SSO stands, in the words of the quick link. */
function ssoLinkText(config: SsoConfig | null): { title: string; text: string } {
  if (!config) {
    return {
      title: "Set up single sign-on",
      text: "Connect your identity provider (Entra ID, Okta, Google Workspace, Auth0…) and enforce it.",
    };
  }
  if (config.enforce) return { title: "Single sign-on", text: `Enforced: everyone signs in through ${config.displayName}.` };
  if (config.lastTest?.outcome === "success") {
    return { title: "Single sign-on", text: `${config.displayName} is connected and tested. Enforce it when you're ready.` };
  }
  return { title: "Single sign-on", text: `${config.displayName} is connected. Run Test sign-in, then enforce it.` };
}

function AdminLinks() {
  const trpc = useTRPC();
  const sso = useQuery(trpc.sso.get.queryOptions());
  const config = sso.data?.config ?? null;
  const ssoLink = ssoLinkText(config);
  return (
    <>
      {config && <SecretExpiryNotice config={config} />}
      <section className="quick-links" aria-label="Workspace settings">
        <Link to="/team" className="card quick-link">
          <span className="quick-link-title">Manage your team</span>
          <span className="quick-link-text">
            Invite teammates, change roles, deactivate or reactivate accounts, see who signed in and how.
          </span>
        </Link>
        <Link to="/integrations/sso" className="card quick-link" aria-busy={sso.isPending}>
          <span className="quick-link-title">{sso.isPending ? "Single sign-on" : ssoLink.title}</span>
          <span className="quick-link-text">{sso.isPending ? "Loading…" : ssoLink.text}</span>
        </Link>
      </section>
    </>
  );
}

/** `/`: a welcome, and for admins the way to the settings pages, saying where single sign-on stands. */
export default function HomePage() {
  useDocumentTitle("Home");
  const signedIn = useSignedInUser();
  return (
    <div className="page">
      <header className="page-header">
        <h1>Welcome, {signedIn.user.name}</h1>
        <p className="page-lead">
          <span className={`method-dot method-${signedIn.method}`} aria-hidden="true" />
          {SIGN_IN_METHOD_TEXT[signedIn.method]}
        </p>
      </header>
      {isAdmin(signedIn) && <AdminLinks />}
    </div>
  );
}
