import { type ReactNode, useCallback, useMemo, useRef, useState } from "react";
import { useMediaQuery } from "../../lib/use-media-query.ts";
import { findGuide, type Guide, type GuideSection } from "./guide-catalog.ts";
import type { GuideTarget } from "./guide-markdown.tsx";
import { GuidePanel } from "./guide-panel.tsx";
import { GuideShelfContext, type PreferredGuide } from "./guide-shelf.ts";
import "./guides.css";

/** From this width the guide opens beside the settings (two columns); below it, as its own page. */
const WIDE_ENOUGH_FOR_TWO_COLUMNS = "(min-width: 1100px)";

interface OpenedGuide {
  /** A new panel (scrolled to the top, focused if asked) each time a guide is opened, even the same one again. */
  id: number;
  guide: Guide;
  fragment: string | undefined;
  shouldFocus: boolean;
}

/**
 * A settings page (`.page`) whose setup guides open beside it: the page on the left, the guide on
 * the right, each scrolled on its own. Components inside reach it through `useGuideShelf`.
 */
export function GuidedLayout({ section, children }: { section: GuideSection; children: ReactNode }) {
  const isWide = useMediaQuery(WIDE_ENOUGH_FOR_TWO_COLUMNS);
  const [opened, setOpened] = useState<OpenedGuide | null>(null);
  const [preferred, setPreferredState] = useState<PreferredGuide | undefined>();
  const openerRef = useRef<HTMLElement | null>(null);
  const openings = useRef(0);

  const openBeside = useCallback((guide: Guide, opener: HTMLElement | null) => {
    if (!window.matchMedia(WIDE_ENOUGH_FOR_TWO_COLUMNS).matches) return false;
    openerRef.current = opener;
    setOpened({ id: ++openings.current, guide, fragment: undefined, shouldFocus: true });
    return true;
  }, []);

  const openFromPanel = useCallback((target: GuideTarget) => {
    setOpened({ id: ++openings.current, guide: target.guide, fragment: target.fragment || undefined, shouldFocus: true });
  }, []);

  const close = useCallback(() => {
    setOpened(null);
    const opener = openerRef.current;
    if (opener?.isConnected) opener.focus();
  }, []);

  // Picking another identity provider while the previous one's guide is open swaps the guide, leaving focus in the form.
  const preferredRef = useRef<PreferredGuide | undefined>(undefined);
  const setPreferred = useCallback(
    (next: PreferredGuide | undefined) => {
      const previous = preferredRef.current;
      preferredRef.current = next;
      setPreferredState(next);
      const nextGuide = next && next.slug !== previous?.slug ? findGuide(section, next.slug) : undefined;
      if (!nextGuide) return;
      const id = ++openings.current;
      setOpened((current) =>
        current && current.guide.section === section && current.guide.slug === previous?.slug
          ? { id, guide: nextGuide, fragment: undefined, shouldFocus: false }
          : current,
      );
    },
    [section],
  );

  const shelf = useMemo(() => ({ section, preferred, setPreferred, openBeside }), [section, preferred, setPreferred, openBeside]);
  const shown = isWide ? opened : null;
  return (
    <GuideShelfContext value={shelf}>
      <div className={shown ? "guided-layout guided-layout-open" : "guided-layout"}>
        <div className="page guided-layout-main">{children}</div>
        {shown && (
          <GuidePanel
            key={shown.id}
            guide={shown.guide}
            fragment={shown.fragment}
            shouldFocus={shown.shouldFocus}
            onOpenGuide={openFromPanel}
            onClose={close}
          />
        )}
      </div>
    </GuideShelfContext>
  );
}
