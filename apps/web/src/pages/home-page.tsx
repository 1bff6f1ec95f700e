import { isAdmin, useSignedInUser } from "../lib/signed-in-user.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { Link } from "../router.tsx";

const SIGN_IN_METHOD_TEXT = { pwd: "Signed in with password", sso: "Signed in with single sign-on" } as const;

/** `/`: a welcome, and for admins the way to the two settings pages. */
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
      {isAdmin(signedIn) && (
        <section className="quick-links" aria-label="Workspace settings">
          <Link to="/team" className="card quick-link">
            <span className="quick-link-title">Manage your team</span>
            <span className="quick-link-text">Invite teammates, deactivate or reactivate accounts, see who signed in and how.</span>
          </Link>
          <Link to="/integrations/sso" className="card quick-link">
            <span className="quick-link-title">Set up single sign-on</span>
            <span className="quick-link-text">
              Connect your identity provider (Entra ID, Okta, Google Workspace, Auth0…) and enforce it.
            </span>
          </Link>
        </section>
      )}
    </div>
  );
}
