import { createHmac, hkdfSync } from "node:crypto";
import type { AppConfig } from "../config.ts";

const keyBySecret = new WeakMap<Uint8Array, Buffer>();

/** The invitation links' own key (HKDF from JWT_SECRET): links can be shown again without storing them. */
function keyOf(jwtSecret: Uint8Array): Buffer {
  let key = keyBySecret.get(jwtSecret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", jwtSecret, "", "jams-imes invitation links v1", 32));
    keyBySecret.set(jwtSecret, key);
  }
  return key;
}

/**
 * An invitation's link token: an HMAC of the invitation's id. Only its hash is stored; *Copy link*
 * derives it again, and *Resend* makes a new invitation id, so the old link dies.
 */
export function invitationTokenOf(invitationId: string, jwtSecret: Uint8Array): string {
  return createHmac("sha256", keyOf(jwtSecret)).update(`invitation ${invitationId}`).digest("base64url");
}

export const inviteUrlOf = (config: Pick<AppConfig, "publicUrl">, token: string) =>
  new URL(`/invite/${token}`, config.publicUrl).toString();
