import { type ComponentProps, createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from "react";
import Markdown, { type Components, type ExtraProps } from "react-markdown";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import { isPlainLeftClick, Link } from "../../router.tsx";
import type { GuideSection } from "./guide-catalog.ts";
import { type GuideLink, resolveGuideLink } from "./guide-links.ts";
import "./guides.css";

export type GuideTarget = Extract<GuideLink, { kind: "guide" }>;

export interface GuideMarkdownProps {
  /** The guide's Markdown without its `# Title` line. */
  markdown: string;
  /** The folder the guide lives in, which its relative links start from. */
  section: GuideSection;
  /** The guide itself, so a link to one of its own headings written with its file name stays on it. */
  slug: string;
  /** How far headings move down: 1 beside the settings, where the panel's own heading is an h2. */
  headingOffset?: number;
  /** A heading to bring into view once rendered (the `#…` of the link that led here). */
  fragment?: string | undefined;
  /**
   * Beside the settings: a plain click on a link to another guide stays in the panel. Without it
   * the links navigate the SPA.
   */
  onOpenGuide?: (target: GuideTarget) => void;
}

interface RenderContext {
  section: GuideSection;
  slug: string;
  headingOffset: number;
  onOpenGuide: ((target: GuideTarget) => void) | undefined;
  scrollToHeading: (fragment: string) => void;
}

const GuideRenderContext = createContext<RenderContext>({
  section: "sso",
  slug: "",
  headingOffset: 0,
  onOpenGuide: undefined,
  scrollToHeading: () => undefined,
});

/** The signed-in layout's top bar stays on screen while the page scrolls, over whatever is scrolled to. */
function stickyTopBarHeight(): number {
  return document.querySelector(".topbar")?.getBoundingClientRect().height ?? 0;
}

type HeadingTag = "h1" | "h2" | "h3" | "h4" | "h5" | "h6";

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {children}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

const SECTION_GUIDES: Record<GuideSection, string> = { sso: "SSO guide", scim: "SCIM guide" };

/** What a link written as its file name (`[okta.md](okta.md)`) reads as in the product: the guide's name. */
function nameOfLinkedGuide(link: GuideTarget, from: GuideSection): string {
  return link.guide.section === from ? link.guide.name : `${link.guide.name} (${SECTION_GUIDES[link.guide.section]})`;
}

/** A link of the guide, rewritten: another guide is a page of the SPA (or stays in the panel), another site a new tab. */
function GuideAnchor({ href, children }: ComponentProps<"a"> & ExtraProps) {
  const { section, slug, onOpenGuide, scrollToHeading } = useContext(GuideRenderContext);
  const resolved = resolveGuideLink(href, section);
  const isThisGuide = resolved.kind === "guide" && resolved.guide.section === section && resolved.guide.slug === slug;
  const link: GuideLink = isThisGuide && resolved.fragment ? { kind: "fragment", fragment: resolved.fragment } : resolved;
  switch (link.kind) {
    case "guide":
      return (
        <Link
          to={link.to}
          onClick={(event) => {
            if (!onOpenGuide || !isPlainLeftClick(event)) return;
            event.preventDefault();
            onOpenGuide(link);
          }}
        >
          {children === href ? nameOfLinkedGuide(link, section) : children}
        </Link>
      );
    case "fragment":
      return (
        <a
          href={`#${link.fragment}`}
          onClick={(event) => {
            if (!isPlainLeftClick(event)) return;
            event.preventDefault();
            // On a page the address keeps the heading (back returns to where the reader was); beside the settings it does not change.
            if (!onOpenGuide) window.history.pushState(null, "", `#${link.fragment}`);
            scrollToHeading(link.fragment);
          }}
        >
          {children}
        </a>
      );
    case "app":
      return <Link to={link.to}>{children}</Link>;
    case "external":
      return <ExternalLink href={link.href}>{children}</ExternalLink>;
    case "none":
      return <span>{children}</span>;
  }
}

/** A heading one level lower beside the settings, styled by the level written in the guide. */
function GuideHeading({ node, ...props }: ComponentProps<"h1"> & ExtraProps) {
  const { headingOffset } = useContext(GuideRenderContext);
  const level = Number(node?.tagName.slice(1)) || 2;
  const Tag = `h${Math.min(6, level + headingOffset)}` as HeadingTag;
  return <Tag {...props} className={`guide-heading-${level}`} />;
}

function GuideTable({ node: _node, ...props }: ComponentProps<"table"> & ExtraProps) {
  return (
    <div className="guide-table-scroll">
      <table {...props} />
    </div>
  );
}

const COMPONENTS: Components = {
  h1: GuideHeading,
  h2: GuideHeading,
  h3: GuideHeading,
  h4: GuideHeading,
  h5: GuideHeading,
  h6: GuideHeading,
  a: GuideAnchor,
  table: GuideTable,
};

/**
 * A setup guide as part of the product: GitHub-flavoured Markdown (tables), headings with ids,
 * links between guides rewritten to their pages. Raw HTML in the Markdown shows as text and images
 * are dropped: nothing in a guide can run or load.
 */
export default function GuideMarkdown({ markdown, section, slug, headingOffset = 0, fragment, onOpenGuide }: GuideMarkdownProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const context = useMemo<RenderContext>(
    () => ({
      section,
      slug,
      headingOffset,
      onOpenGuide,
      scrollToHeading: (id) => {
        const heading = containerRef.current?.querySelector(`[id="${CSS.escape(id)}"]`);
        if (!heading) return;
        // In the panel, its own sticky header is allowed for by `scroll-margin-top`; on a page, the top bar's height varies with the width.
        if (onOpenGuide) heading.scrollIntoView({ block: "start" });
        else window.scrollTo({ top: heading.getBoundingClientRect().top + window.scrollY - stickyTopBarHeight() - 16 });
      },
    }),
    [section, slug, headingOffset, onOpenGuide],
  );

  useEffect(() => {
    if (fragment && markdown) context.scrollToHeading(fragment);
  }, [context, fragment, markdown]);

  return (
    <GuideRenderContext value={context}>
      <div className="guide-prose" ref={containerRef}>
        <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSlug]} components={COMPONENTS} disallowedElements={["img"]}>
          {markdown}
        </Markdown>
      </div>
    </GuideRenderContext>
  );
}
