/**
 * The setup guides the product shows as its own pages: the Markdown files of `docs/sso` and
 * `docs/scim`, served as text by the server at `/docs/<section>/<file>`. Only these slugs have a page.
 */
export type GuideSection = "sso" | "scim";

export interface Guide {
  section: GuideSection;
  /** The last segment of the guide's page, `/integrations/<section>/guides/<slug>`. */
  slug: string;
  /** The Markdown file in `docs/<section>/`. */
  file: string;
  /** How links and the panel name it, e.g. "Microsoft Entra ID". */
  name: string;
  /** Whether the settings page offers it; the developers' guide is reachable only from the others. */
  isListed: boolean;
}

const OVERVIEW_FILE = "README.md";

/** Each section's guides, in the order the settings page offers them; the overview (`README.md`) is `overview`. */
const GUIDES: Record<GuideSection, readonly (Pick<Guide, "slug" | "name"> & { isListed?: false })[]> = {
  sso: [
    { slug: "entra-id", name: "Microsoft Entra ID" },
    { slug: "okta", name: "Okta" },
    { slug: "google-workspace", name: "Google Workspace" },
    { slug: "auth0", name: "Auth0" },
    { slug: "keycloak", name: "Keycloak" },
    { slug: "other-oidc", name: "Other OIDC providers" },
    { slug: "overview", name: "How SSO works" },
    { slug: "local-idp", name: "The local test IdP (for developers)", isListed: false },
  ],
  scim: [
    { slug: "entra-id", name: "Microsoft Entra ID" },
    { slug: "okta", name: "Okta" },
    { slug: "overview", name: "How provisioning works" },
  ],
};

function fileOf(slug: string): string {
  return slug === "overview" ? OVERVIEW_FILE : `${slug}.md`;
}

export function guidesOf(section: GuideSection): Guide[] {
  return GUIDES[section].map((guide) => ({ isListed: true, ...guide, section, file: fileOf(guide.slug) }));
}

/** The guide with that slug, or undefined: the page of an unknown slug is the not-found page. */
export function findGuide(section: GuideSection, slug: string): Guide | undefined {
  return guidesOf(section).find((guide) => guide.slug === slug);
}

export function findGuideByFile(section: GuideSection, file: string): Guide | undefined {
  return guidesOf(section).find((guide) => guide.file === file);
}

/** The guide's page in the SPA, e.g. `/integrations/sso/guides/okta#known-quirks`. */
export function guidePath(guide: Pick<Guide, "section" | "slug">, fragment = ""): string {
  return `/integrations/${guide.section}/guides/${guide.slug}${fragment ? `#${fragment}` : ""}`;
}

/** Where the server serves the guide's Markdown. */
export function guideTextUrl(guide: Guide): string {
  return `/docs/${guide.section}/${guide.file}`;
}

/** The settings page a guide belongs to, for the way back. */
export function settingsPathOf(section: GuideSection): string {
  return `/integrations/${section}`;
}
