import { describe, expect, it } from "vitest";
import { emailPartsOf } from "./email.tsx";

const emailsIn = (text: string) =>
  emailPartsOf(text)
    .filter((part) => part.isEmail)
    .map((part) => part.text);

describe("emailPartsOf", () => {
  it("finds the addresses in a sentence, leaving a full stop or possessive after them outside", () => {
    expect(emailsIn("Revoked the invitation of mo@acme.com.")).toEqual(["mo@acme.com"]);
    expect(emailsIn("Reset mo@acme.com's SSO link?")).toEqual(["mo@acme.com"]);
    expect(emailsIn("Invited ada.lovelace@analytical-engines.example as Member")).toEqual(["ada.lovelace@analytical-engines.example"]);
  });

  it("keeps every character, in order", () => {
    const text = "Link for a@b.co and c@d.io: copied.";
    expect(
      emailPartsOf(text)
        .map((part) => part.text)
        .join(""),
    ).toBe(text);
    expect(emailPartsOf(text).map((part) => part.at)).toEqual([0, 9, 15, 20, 26]);
  });

  it("leaves text without an address whole", () => {
    expect(emailPartsOf("Workspace created")).toEqual([{ at: 0, text: "Workspace created", isEmail: false }]);
    expect(emailPartsOf("")).toEqual([]);
  });
});
