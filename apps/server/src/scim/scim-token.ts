import { randomBytes } from "node:crypto";

/** Recognisable to secret scanners and to people: a SCIM token pasted into the wrong place is easy to spot. */
const PREFIX = "jams_scim_";
const SHAPE = /^jams_scim_[A-Za-z0-9_-]{43}$/;

/** A new SCIM bearer token: 256 random bits. Shown once; only its SHA-256 is stored. */
export function newScimToken(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Whether a presented token could be one of ours, before any database read. */
export function isScimTokenShape(token: string): boolean {
  return SHAPE.test(token);
}
