import { useQuery } from "@tanstack/react-query";
import { type Guide, guideTextUrl } from "./guide-catalog.ts";

/** The server answered, but not with the guide (a 404 heals by no retry). */
export class GuideLoadError extends Error {
  override name = "GuideLoadError";
  constructor(readonly status: number) {
    super(`The guide answered ${status}`);
  }
}

async function fetchGuideText(guide: Guide, signal: AbortSignal): Promise<string> {
  const response = await fetch(guideTextUrl(guide), { signal, headers: { accept: "text/markdown, text/plain" } });
  if (!response.ok) throw new GuideLoadError(response.status);
  return response.text();
}

/** The guide's Markdown, fetched once per few minutes whether it is read as a page or beside the settings. */
export function useGuideText(guide: Guide) {
  return useQuery({
    queryKey: ["guide", guide.section, guide.slug],
    queryFn: ({ signal }) => fetchGuideText(guide, signal),
    staleTime: 5 * 60_000,
    retry: (failureCount, error) => failureCount < 2 && !(error instanceof GuideLoadError && error.status < 500),
  });
}

export interface GuideParts {
  /** The text of the leading `# …` line, which the page or the panel shows as its own heading. */
  title: string | undefined;
  body: string;
}

/** Splits off the guide's `# Title` line, so the page and the panel can give it the right heading level. */
export function splitGuideTitle(markdown: string): GuideParts {
  const match = /^\s*# +(.+?)[ \t]*#*[ \t]*\r?\n/.exec(markdown);
  if (!match?.[1]) return { title: undefined, body: markdown };
  return { title: match[1].trim(), body: markdown.slice(match[0].length) };
}
