interface StoredCookie {
  name: string;
  value: string;
  hostname: string;
  path: string;
  secure: boolean;
  expiresAt: number;
}

/** RFC 6265 §5.1.4 default-path: the request path up to, not including, its last "/". */
function defaultPath(url: URL): string {
  const { pathname } = url;
  const lastSlash = pathname.lastIndexOf("/");
  return lastSlash <= 0 ? "/" : pathname.slice(0, lastSlash);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}

/**
 * A minimal browser-like cookie jar for driving a login over `fetch`: host-only cookies
 * (per hostname, any port, like browsers), Path, Max-Age/Expires (deletion) and Secure.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores the `Set-Cookie` headers of a response received from `url`. */
  storeFrom(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) this.store(url, header);
  }

  /** Stores one `Set-Cookie` header value received from `url`. */
  store(url: URL, setCookie: string): void {
    const [pair = "", ...attributes] = setCookie.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      hostname: url.hostname,
      path: defaultPath(url),
      secure: false,
      expiresAt: Infinity,
    };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const [rawKey = "", ...rest] = attribute.split("=");
      const key = rawKey.trim().toLowerCase();
      const value = rest.join("=").trim();
      if (key === "path" && value.startsWith("/")) cookie.path = value;
      else if (key === "secure") cookie.secure = true;
      else if (key === "max-age" && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (key === "expires") {
        const time = Date.parse(value);
        if (!Number.isNaN(time)) cookie.expiresAt = time;
      }
    }
    if (maxAge !== undefined) cookie.expiresAt = Date.now() + maxAge * 1000;
    const key = `${cookie.hostname};${cookie.path};${cookie.name}`;
    if (cookie.expiresAt <= Date.now()) this.#cookies.delete(key);
    else this.#cookies.set(key, cookie);
  }

  /** The `Cookie` header a browser would send to `url`, or undefined when none applies. */
  headerFor(url: URL): string | undefined {
    const now = Date.now();
    const matching = [...this.#cookies.values()]
      .filter(
        (cookie) =>
          cookie.hostname === url.hostname &&
          cookie.expiresAt > now &&
          (!cookie.secure || url.protocol === "https:") &&
          pathMatches(url.pathname, cookie.path),
      )
      .sort((a, b) => b.path.length - a.path.length);
    if (matching.length === 0) return undefined;
    return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  }
}
