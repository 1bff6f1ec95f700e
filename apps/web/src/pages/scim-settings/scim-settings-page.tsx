import { useQuery } from "@tanstack/react-query";
import { AdminOnly } from "../../components/admin-only.tsx";
import { CopyField } from "../../components/copy-field.tsx";
import { LoadErrorNotice } from "../../components/load-error-notice.tsx";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { GuidedLayout } from "../sso-guides/guided-layout.tsx";
import { SetupGuideLinks } from "../sso-guides/setup-guide-links.tsx";
import { ScimTokenCard } from "./scim-token-card.tsx";

const TITLE = "SCIM provisioning";

/** `/integrations/scim` (SPEC §10): the base URL and the bearer token an IdP needs to provision users. Admins only. */
export default function ScimSettingsPage() {
  useDocumentTitle(TITLE);
  const signedIn = useSignedInUser();
  if (!isAdmin(signedIn)) return <AdminOnly title={TITLE} message="Only admins can manage provisioning." />;
  return (
    <GuidedLayout section="scim">
      <header className="page-header">
        <h1>{TITLE}</h1>
        <p className="page-lead">
          Let your identity provider add, update and deactivate {signedIn.tenant.name}'s members: removing someone there ends their access
          here at its next provisioning run (Okta sends it as it happens; Microsoft Entra ID about every 40 minutes).
        </p>
        <SetupGuideLinks section="scim" />
      </header>
      <ScimSettings />
    </GuidedLayout>
  );
}

function ScimSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.scim.get.queryOptions());
  if (settings.isPending) {
    return (
      <div className="card skeleton-card" role="status" aria-busy="true">
        Loading…
      </div>
    );
  }
  if (settings.isError) {
    return <LoadErrorNotice title="We couldn't load the provisioning settings" error={settings.error} onRetry={() => settings.refetch()} />;
  }
  return (
    <div className="stack-lg">
      <section className="card">
        <h2>SCIM base URL</h2>
        <CopyField
          label="SCIM base URL"
          value={settings.data.baseUrl}
          hint="Entra ID calls it the Tenant URL; Okta, the SCIM connector base URL."
          isLabelHidden
        />
      </section>
      <ScimTokenCard token={settings.data.token} />
    </div>
  );
}
