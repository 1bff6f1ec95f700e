import { AdminOnly } from "../../components/admin-only.tsx";
import { isAdmin, useSignedInUser } from "../../lib/signed-in-user.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { Link } from "../../router.tsx";
import { GuideBody } from "./guide-body.tsx";
import { type Guide, type GuideSection, settingsPathOf } from "./guide-catalog.ts";
import { decodedFragment } from "./guide-links.ts";
import { splitGuideTitle, useGuideText } from "./guide-text.ts";
import "./guides.css";

const SETTINGS_NAMES: Record<GuideSection, string> = { sso: "Single Sign-On", scim: "SCIM provisioning" };

/** The heading the address points at (`…/guides/overview#troubleshooting`), read once when the page opens. */
function fragmentOfAddress(): string | undefined {
  const hash = window.location.hash;
  return hash.length > 1 ? decodedFragment(hash) : undefined;
}

/** `/integrations/<sso|scim>/guides/<slug>`: a setup guide as a page of the product. Admins only, like the settings it explains. */
export default function GuidePage({ guide }: { guide: Guide }) {
  const signedIn = useSignedInUser();
  const text = useGuideText(guide);
  const title = (text.data && splitGuideTitle(text.data).title) ?? guide.name;
  useDocumentTitle(title);
  if (!isAdmin(signedIn)) return <AdminOnly title={title} message="Only admins can open the setup guides." />;
  return (
    <div className="page guide-page">
      <header className="page-header">
        <Link to={settingsPathOf(guide.section)} className="back-link">
          ← {SETTINGS_NAMES[guide.section]}
        </Link>
        <h1>{title}</h1>
      </header>
      <article className="card guide-card">
        <GuideBody guide={guide} text={text} fragment={fragmentOfAddress()} />
      </article>
    </div>
  );
}
