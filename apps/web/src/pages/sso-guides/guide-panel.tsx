import { type KeyboardEvent, useEffect, useId, useRef } from "react";
import { Link } from "../../router.tsx";
import { GuideBody } from "./guide-body.tsx";
import { type Guide, guidePath } from "./guide-catalog.ts";
import type { GuideTarget } from "./guide-markdown.tsx";
import { splitGuideTitle, useGuideText } from "./guide-text.ts";

interface GuidePanelProps {
  guide: Guide;
  fragment: string | undefined;
  /** Whether opening it should move focus to its heading: yes when asked for, not when the IdP picker switched it. */
  shouldFocus: boolean;
  onOpenGuide: (target: GuideTarget) => void;
  onClose: () => void;
}

/** A guide beside the settings form: its own heading, scrolled on its own, closed with Escape or Close. */
export function GuidePanel({ guide, fragment, shouldFocus, onOpenGuide, onClose }: GuidePanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const text = useGuideText(guide);
  const title = (text.data && splitGuideTitle(text.data).title) ?? guide.name;

  // The layout mounts a panel per guide, so it opens scrolled to the top; focus follows only when asked for.
  useEffect(() => {
    if (shouldFocus) headingRef.current?.focus({ preventScroll: true });
  }, [shouldFocus]);

  function closeOnEscape(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    onClose();
  }

  return (
    <aside className="guide-panel" aria-labelledby={headingId} onKeyDown={closeOnEscape}>
      <div className="guide-panel-header">
        <div className="guide-panel-title">
          <p className="guide-panel-kicker">Setup guide</p>
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>
            {title}
          </h2>
        </div>
        <div className="guide-panel-actions">
          <Link to={guidePath(guide)} className="btn btn-ghost btn-small">
            Open as a page
          </Link>
          <button type="button" className="btn btn-secondary btn-small" aria-label="Close guide" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <div className="guide-panel-body">
        <GuideBody
          key={`${guide.section}/${guide.slug}`}
          guide={guide}
          text={text}
          headingOffset={1}
          fragment={fragment}
          onOpenGuide={onOpenGuide}
        />
      </div>
    </aside>
  );
}
