import { describe, expect, it } from "vitest";
import { emailSchema, normalizeEmail } from "./email.ts";

describe("normalizeEmail", () => {
  it("trims and lower-cases ASCII letters", () => {
    expect(normalizeEmail("  Kevin.Casey@Example.COM ")).toBe("kevin.casey@example.com");
  });

  it("does not fold U+212A KELVIN SIGN into k", () => {
    const kelvin = "\u212Aevin@example.com";
    expect(normalizeEmail(kelvin)).toBe(kelvin);
    expect(normalizeEmail(kelvin)).not.toBe(normalizeEmail("kevin@example.com"));
  });

  it("does not fold other non-ASCII letters (dotted capital I, fullwidth, accented)", () => {
    for (const lookAlike of ["\u0130nfo@example.com", "\uFF21da@example.com", "Ä@example.com"]) {
      expect(normalizeEmail(lookAlike)).toBe(lookAlike.trim());
    }
  });
});

describe("emailSchema", () => {
  it("accepts an address and trims it", () => {
    expect(emailSchema.parse(" ann@acme.com ")).toBe("ann@acme.com");
  });

  it.each(["", "ann", "ann@", "@acme.com", "ann @acme.com", `${"a".repeat(250)}@acme.com`])("rejects %j", (value) => {
    expect(emailSchema.safeParse(value).success).toBe(false);
  });
});
