import { hkdfSync } from "node:crypto";

const keysBySecret = new WeakMap<Uint8Array, Map<string, Buffer>>();

/**
 * A 32-byte key for one purpose, derived from JWT_SECRET with HKDF-SHA256 (RFC 5869) under its own
 * label, so what one purpose signs can never pass for another's. Derived once per secret and label.
 */
export function derivedKey(jwtSecret: Uint8Array, label: string): Buffer {
  let keys = keysBySecret.get(jwtSecret);
  if (!keys) {
    keys = new Map();
    keysBySecret.set(jwtSecret, keys);
  }
  let key = keys.get(label);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", jwtSecret, "", label, 32));
    keys.set(label, key);
  }
  return key;
}
