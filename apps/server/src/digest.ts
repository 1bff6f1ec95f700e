import { createHash } from "node:crypto";

/** SHA-256 of a string, base64url: how tokens are stored (only their hashes) and the PKCE S256 challenge. */
export const sha256Base64url = (value: string): string => createHash("sha256").update(value).digest("base64url");
