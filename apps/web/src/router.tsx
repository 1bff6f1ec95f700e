import { type AnchorHTMLAttributes, type MouseEvent, useMemo, useSyncExternalStore } from "react";

/** Fired on `window` after `navigate` changes the URL (the History API fires no event for pushState). */
const NAVIGATE_EVENT = "jams:navigate";

function subscribeToUrl(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentPathAndSearch(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  pathname: string;
  searchParams: URLSearchParams;
  /** Path and query, e.g. `/team?tab=1`: what `returnTo` should carry. */
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribeToUrl, currentPathAndSearch);
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { pathname: url.pathname, searchParams: url.searchParams, href };
  }, [href]);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Matches `/invite/:token` against a pathname; returns the decoded params, or null. A trailing `/` is tolerated. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const patternParts = pattern.split("/").filter(Boolean);
  const pathParts = pathname.split("/").filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] ?? "";
    if (part.startsWith(":")) {
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (part !== actual) {
      return null;
    }
  }
  return params;
}

/** A click that should navigate in place: any modifier or another button means a new tab or window. */
export function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string };

/** An `<a>` that navigates without a page load; modified clicks (new tab, …) keep the browser's behaviour. */
export function Link({ to, onClick, ...props }: LinkProps) {
  return (
    <a
      {...props}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || !isPlainLeftClick(event) || props.target) return;
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}
