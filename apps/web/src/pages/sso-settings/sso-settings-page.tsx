import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AdminOnly } from "../../components/admin-only.tsx";
import { CopyField } from "../../components/copy-field.tsx";
import { LoadErrorNotice } from "../../components/load-error-notice.tsx";
import { Notice } from "../../components/notice.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { SecretExpiryNotice } from "../../components/secret-expiry-notice.tsx";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { Link } from "../../router.tsx";
import { GuidedLayout } from "../sso-guides/guided-layout.tsx";
import { SetupGuideLinks } from "../sso-guides/setup-guide-links.tsx";
import { EnforceSsoCard } from "./enforce-sso-card.tsx";
import { RemoveSsoCard } from "./remove-sso-card.tsx";
import { SsoConfigForm } from "./sso-config-form.tsx";
import { SsoHealthCard } from "./sso-health-card.tsx";
import { TestSignInCard } from "./test-sign-in-card.tsx";
import { VerifiedDomainsCard } from "./verified-domains-card.tsx";

const TITLE = "Single Sign-On";

/** `/integrations/sso`: connect the workspace's OIDC identity provider, enforce it, or remove it. Admins only. */
export default function SsoSettingsPage() {
  useDocumentTitle(TITLE);
  const signedIn = useSignedInUser();
  if (!isAdmin(signedIn)) return <AdminOnly title={TITLE} message="Only admins can manage single sign-on." />;
  return (
    <GuidedLayout section="sso">
      <header className="page-header">
        <h1>{TITLE}</h1>
        <p className="page-lead">Let your team sign in to JAMS IMES through your identity provider (any OpenID Connect provider).</p>
        <div className="page-header-links">
          <SetupGuideLinks section="sso" />
          <Link to="/integrations/sso/activity" className="activity-link">
            Sign-in activity
          </Link>
        </div>
      </header>
      <SsoSettings workspaceName={signedIn.tenant.name} />
    </GuidedLayout>
  );
}

function SsoSettings({ workspaceName }: { workspaceName: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.sso.get.queryOptions());
  const [removalCount, setRemovalCount] = useState(0);

  if (settings.isPending) {
    return (
      <div className="stack-lg" aria-busy="true">
        <div className="card skeleton-card" role="status">
          Loading…
        </div>
        <div className="card skeleton-card skeleton-tall" />
      </div>
    );
  }
  if (settings.isError) {
    return <LoadErrorNotice title="We couldn't load the SSO settings" error={settings.error} onRetry={() => settings.refetch()} />;
  }

  const { redirectUri, backchannelLogoutUri, initiateLoginUri, config } = settings.data;
  return (
    <div className="stack-lg">
      {config && <SecretExpiryNotice config={config} isOnSettingsPage />}
      <section className="card">
        <h2>Redirect URI</h2>
        <CopyField
          label="Redirect URI"
          value={redirectUri}
          hint="Paste this into your identity provider's app as the Redirect URI."
          isLabelHidden
        />
        <CopyField
          label="Back-channel logout URI"
          value={backchannelLogoutUri}
          hint="Optional. For identity providers that support OpenID Connect Back-Channel Logout (Keycloak, Auth0 on Enterprise plans, Ping): signing out there ends the JAMS IMES session at once. Microsoft Entra ID, Okta and Google Workspace don't send it; use SCIM provisioning to revoke access there."
        />
        <CopyField
          label="Initiate login URI"
          value={initiateLoginUri}
          hint="Optional. Lets people start from your identity provider's app launcher. Okta: the app's Initiate login URI (Login initiated by: Either Okta or App). Microsoft Entra ID: the app registration's Branding & properties → Home page URL, which My Apps opens. JAMS IMES asks people to confirm before it continues."
        />
      </section>

      <section className="card">
        <div className="card-title-row">
          <h2>Identity provider</h2>
          {config ? (
            <span className="badge badge-success">
              Connected · updated&nbsp;
              <RelativeTime iso={config.updatedAt} />
            </span>
          ) : (
            <span className="badge badge-neutral">Not set up</span>
          )}
        </div>
        {!config && removalCount > 0 && <Notice tone="success">SSO removed. People with a password sign in with it again.</Notice>}
        {!config && (
          <div className="empty-inline">
            <p className="empty-state-title">SSO is not set up yet.</p>
            <p className="muted">
              Create an OIDC app in your identity provider, then paste its Issuer URL, Client ID and Client Secret here.
            </p>
          </div>
        )}
        <SsoConfigForm key={removalCount} config={config} />
      </section>

      {config && <TestSignInCard config={config} />}
      <EnforceSsoCard config={config} workspaceName={workspaceName} />
      {config && <SsoHealthCard />}
      <VerifiedDomainsCard />
      {config && <RemoveSsoCard configName={config.displayName} onRemoved={() => setRemovalCount(removalCount + 1)} />}
    </div>
  );
}
