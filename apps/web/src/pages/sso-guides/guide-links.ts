import { findGuideByFile, type Guide, type GuideSection, guidePath } from "./guide-catalog.ts";

/** What a link in a guide leads to, decided once so the renderer only picks an element. */
export type GuideLink =
  /** Another guide (or a heading in one): a page of the SPA. */
  | { kind: "guide"; guide: Guide; fragment: string; to: string }
  /** A heading of the guide being read. */
  | { kind: "fragment"; fragment: string }
  /** Another page of JAMS IMES, e.g. `/integrations/sso`. */
  | { kind: "app"; to: string }
  /** Another site: opens in a new tab. */
  | { kind: "external"; href: string }
  /** A file the product does not show (or a malformed link): rendered as plain text. */
  | { kind: "none" };

/** A base no real link resolves to, so a link that leaves it (`//host`, `https:`) is recognisably another site. */
const BASE_ORIGIN = "https://guides.jams.invalid";
const GUIDE_FILE_PATH = /^\/docs\/(sso|scim)\/([^/]+\.md)$/;
const WEB_PROTOCOLS = new Set(["https:", "http:", "mailto:"]);

/** A URL fragment (`#…`) as text, percent-escapes decoded where they are valid. */
export function decodedFragment(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

/**
 * Rewrites a link written in a guide (`okta.md`, `../scim/okta.md`, `README.md#troubleshooting`,
 * `https://…`) relative to its file in `docs/<section>/`, as the Markdown reads on GitHub.
 */
export function resolveGuideLink(href: string | undefined, section: GuideSection): GuideLink {
  if (!href) return { kind: "none" };
  if (href.startsWith("#")) return href.length > 1 ? { kind: "fragment", fragment: decodedFragment(href) } : { kind: "none" };
  let url: URL;
  try {
    url = new URL(href, `${BASE_ORIGIN}/docs/${section}/`);
  } catch {
    return { kind: "none" };
  }
  if (url.origin !== BASE_ORIGIN) return WEB_PROTOCOLS.has(url.protocol) ? { kind: "external", href: url.href } : { kind: "none" };

  const guideFile = GUIDE_FILE_PATH.exec(url.pathname);
  if (guideFile) {
    const guide = findGuideByFile(guideFile[1] as GuideSection, guideFile[2] ?? "");
    if (!guide) return { kind: "none" };
    const fragment = decodedFragment(url.hash);
    return { kind: "guide", guide, fragment, to: guidePath(guide, fragment) };
  }
  // Relative links stay among the guides; only a root-relative one (`/integrations/sso`) names a page of the app.
  if (href.startsWith("/") && !url.pathname.startsWith("/docs/")) return { kind: "app", to: url.pathname + url.search + url.hash };
  return { kind: "none" };
}
