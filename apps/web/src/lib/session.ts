import { SESSION_STORAGE_KEY } from "@jams/contracts";

/** The session JWT, or null when signed out (or when storage is unavailable, e.g. blocked cookies). */
export function readSessionToken(): string | null {
  try {
    return window.localStorage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveSessionToken(token: string): void {
  window.localStorage.setItem(SESSION_STORAGE_KEY, token);
}

export function clearSessionToken(): void {
  try {
    window.localStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Storage is unavailable, so there is no token to clear.
  }
}
