import { createHmac } from "node:crypto";
import type { AppConfig } from "../config.ts";
import { derivedKey } from "../crypto/derived-key.ts";

/** The invitation links' own key: links can be shown again without storing them. */
const LINK_KEY_LABEL = "jams-imes invitation links v1";

/**
 * An invitation's link token: an HMAC of the invitation's id. Only its hash is stored; *Copy link*
 * derives it again, and *Resend* makes a new invitation id, so the old link dies.
 */
export function invitationTokenOf(invitationId: string, jwtSecret: Uint8Array): string {
  return createHmac("sha256", derivedKey(jwtSecret, LINK_KEY_LABEL)).update(`invitation ${invitationId}`).digest("base64url");
}

export const inviteUrlOf = (config: Pick<AppConfig, "publicUrl">, token: string) =>
  new URL(`/invite/${token}`, config.publicUrl).toString();
