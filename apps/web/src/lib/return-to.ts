/**
 * Accepts a `returnTo` only when it is a path on this origin: `/team` yes, but not
 * `//evil.example`, `/\evil.example` (browsers read both as another host) nor `https://…`.
 */
export function safeReturnTo(value: string | null | undefined): string | undefined {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  return value;
}

/** `/login`, carrying the page to come back to after signing in. */
export function loginUrlReturningTo(path: string): string {
  const returnTo = safeReturnTo(path);
  if (!returnTo || returnTo === "/") return "/login";
  return `/login?${new URLSearchParams({ returnTo })}`;
}
