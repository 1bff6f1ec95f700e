import type { ReactNode } from "react";
import { isPlainLeftClick, Link } from "../../router.tsx";
import { findGuide, type Guide, type GuideSection, guidePath, guidesOf } from "./guide-catalog.ts";
import { useGuideShelf } from "./guide-shelf.ts";

/** A link to a guide's page that, on a wide screen inside a `GuidedLayout`, opens the guide beside the settings instead. */
function GuideLink({ guide, className, children }: { guide: Guide; className?: string; children: ReactNode }) {
  const shelf = useGuideShelf();
  return (
    <Link
      to={guidePath(guide)}
      className={className}
      onClick={(event) => {
        if (shelf && isPlainLeftClick(event) && shelf.openBeside(guide, event.currentTarget)) event.preventDefault();
      }}
    >
      {children}
    </Link>
  );
}

/** The setup guides of a settings page; the guide of the identity provider picked in the form comes first. */
export function SetupGuideLinks({ section }: { section: GuideSection }) {
  const shelf = useGuideShelf();
  const preferred = shelf?.preferred;
  const preferredGuide = preferred && findGuide(section, preferred.slug);
  const others = guidesOf(section).filter((guide) => guide.isListed && guide.slug !== preferredGuide?.slug);
  return (
    <div className="setup-guides">
      {preferred && preferredGuide && (
        <GuideLink guide={preferredGuide} className="btn btn-secondary btn-small setup-guides-preferred">
          {preferred.linkText}
          <span aria-hidden="true" className="setup-guides-arrow">
            →
          </span>
        </GuideLink>
      )}
      <p>
        {preferredGuide ? "Other guides" : "Setup guides"}:{" "}
        {others.map((guide, index) => (
          <span key={guide.slug}>
            {index > 0 && <span aria-hidden="true"> · </span>}
            <GuideLink guide={guide}>{guide.name}</GuideLink>
          </span>
        ))}
      </p>
    </div>
  );
}
