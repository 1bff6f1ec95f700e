import { z } from "zod";

/**
 * Normalises an email for matching: trims it and lower-cases ASCII letters only.
 * `String.prototype.toLowerCase` is deliberately avoided: it folds U+212A KELVIN SIGN
 * to `k` and U+0130 to `i̇`, which would let look-alike addresses match real accounts.
 */
export function normalizeEmail(email: string): string {
  return email.trim().replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailSchema = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email is too long")
  .regex(EMAIL_SHAPE, "Enter a valid email address");
