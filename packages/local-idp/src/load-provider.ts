import type Provider from "oidc-provider";

/** oidc-provider 9 warns once, at import, that Node 20 is not a supported LTS; it works here. */
const UNSUPPORTED_RUNTIME_WARNING = "oidc-provider WARNING: Unsupported runtime.";

let loading: Promise<typeof Provider> | undefined;

/**
 * Imports the oidc-provider `Provider` class once, dropping only its Node-20 "Unsupported
 * runtime" import-time warning (every other console output passes through).
 */
export function loadProviderClass(): Promise<typeof Provider> {
  loading ??= (async () => {
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes(UNSUPPORTED_RUNTIME_WARNING)) return;
      originalWarn.apply(console, args);
    };
    try {
      return (await import("oidc-provider")).default;
    } finally {
      console.warn = originalWarn;
    }
  })();
  return loading;
}
