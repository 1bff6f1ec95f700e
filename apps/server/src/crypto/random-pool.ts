import { randomFillSync } from "node:crypto";

/** Bytes drawn from the CSPRNG at once: one call serves 128 states of 32 bytes. */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `bytes` cryptographically random bytes as base64url. They come from a pooled buffer refilled by
 * one `randomFillSync` per 4 KiB, so a sign-in start does not pay for a CSPRNG call of its own;
 * every byte is handed out once.
 */
export function randomBase64url(bytes: number): string {
  if (bytes > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} bytes at a time`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const value = pool.toString("base64url", offset, offset + bytes);
  offset += bytes;
  return value;
}
