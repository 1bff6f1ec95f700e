import { describe, expect, it } from "vitest";
import { describeSsoError, isSsoErrorCode, SSO_ERROR_CODES } from "./sso-errors.ts";

describe("SSO error codes", () => {
  it("keep the help page's five codes", () => {
    for (const code of ["user_not_provisioned", "account_disabled", "sso_idp_rejected", "sso_no_email_claim", "sso_state_invalid"]) {
      expect(isSsoErrorCode(code)).toBe(true);
    }
  });

  it("each have a distinct explanation and a fix", () => {
    const explanations = new Set(SSO_ERROR_CODES.map((code) => describeSsoError(code).explanation));
    expect(explanations.size).toBe(SSO_ERROR_CODES.length);
    for (const code of SSO_ERROR_CODES) expect(describeSsoError(code).fix.length).toBeGreaterThan(10);
  });

  it("rejects anything else", () => {
    expect(isSsoErrorCode("<script>")).toBe(false);
    expect(isSsoErrorCode(undefined)).toBe(false);
  });
});
