import { createContext, useContext } from "react";
import type { Guide, GuideSection } from "./guide-catalog.ts";

/** The guide of the identity provider picked in the form, offered first ("Open the Entra ID guide"). */
export interface PreferredGuide {
  slug: string;
  linkText: string;
}

/** What a settings page with guides beside it offers the components inside it. */
export interface GuideShelf {
  section: GuideSection;
  preferred: PreferredGuide | undefined;
  setPreferred: (preferred: PreferredGuide | undefined) => void;
  /**
   * Opens the guide beside the settings and remembers `opener` to give focus back on close; false
   * on narrow screens, where the caller navigates to the guide's page instead.
   */
  openBeside: (guide: Guide, opener: HTMLElement | null) => boolean;
}

export const GuideShelfContext = createContext<GuideShelf | null>(null);

/** The shelf of the enclosing `GuidedLayout`, or null outside one (the links then navigate to the guides' pages). */
export function useGuideShelf(): GuideShelf | null {
  return useContext(GuideShelfContext);
}
