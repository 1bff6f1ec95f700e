/**
 * The SSO cookies. Over https they are `__Host-` prefixed (Secure, Path=/, no Domain: bound to
 * this exact host); over http (development) plain names scoped to the paths that read them.
 */
export function ssoCookies(publicUrl: string) {
  const isSecure = publicUrl.startsWith("https:");
  const prefix = isSecure ? "__Host-" : "";
  return {
    /** The sealed login transaction, from `/auth/sso/start` to `/auth/sso/callback`. */
    transaction: {
      name: `${prefix}jams_sso_tx`,
      options: { httpOnly: true, sameSite: "Lax" as const, secure: isSecure, path: isSecure ? "/" : "/auth/sso" },
    },
    /** Set with the "Continue to <IdP>?" page and echoed by its form: a form posted from another site has no such cookie. */
    startConfirmation: {
      name: `${prefix}jams_sso_confirm`,
      options: { httpOnly: true, sameSite: "Strict" as const, secure: isSecure, path: isSecure ? "/" : "/auth/sso" },
    },
    /** Binds the handoff code to the browser that finished the sign-in, read by `auth.redeemSsoHandoff`. */
    handoffBinder: {
      name: `${prefix}jams_sso_binder`,
      options: { httpOnly: true, sameSite: "Strict" as const, secure: isSecure, path: isSecure ? "/" : "/trpc" },
    },
  };
}
