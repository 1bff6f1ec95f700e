import { describe, expect, it } from "vitest";
import { loginUrlReturningTo, safeReturnTo } from "./return-to.ts";

describe("safeReturnTo", () => {
  it("accepts a path on this origin", () => {
    expect(safeReturnTo("/team")).toBe("/team");
    expect(safeReturnTo("/integrations/sso?tab=1")).toBe("/integrations/sso?tab=1");
  });

  it("refuses what a browser would read as another host (open redirect)", () => {
    expect(safeReturnTo("//evil.example/team")).toBeUndefined();
    expect(safeReturnTo("/\\evil.example")).toBeUndefined();
    expect(safeReturnTo("https://evil.example/")).toBeUndefined();
    expect(safeReturnTo("javascript:alert(1)")).toBeUndefined();
  });

  it("treats a missing value as no return path", () => {
    expect(safeReturnTo(null)).toBeUndefined();
    expect(safeReturnTo("")).toBeUndefined();
  });
});

describe("loginUrlReturningTo", () => {
  it("carries the page to come back to, encoded", () => {
    expect(loginUrlReturningTo("/team?x=1&y=2")).toBe("/login?returnTo=%2Fteam%3Fx%3D1%26y%3D2");
  });

  it("omits returnTo for home and for unsafe paths", () => {
    expect(loginUrlReturningTo("/")).toBe("/login");
    expect(loginUrlReturningTo("//evil.example")).toBe("/login");
  });
});
