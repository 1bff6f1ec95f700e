import { describe, expect, it } from "vitest";
import { matchPath } from "./router.tsx";

describe("matchPath", () => {
  it("matches static paths, tolerating a trailing slash", () => {
    expect(matchPath("/team", "/team")).toEqual({});
    expect(matchPath("/team", "/team/")).toEqual({});
    expect(matchPath("/", "/")).toEqual({});
  });

  it("captures and decodes parameters", () => {
    expect(matchPath("/invite/:token", "/invite/abc%2D123")).toEqual({ token: "abc-123" });
  });

  it("rejects other paths and malformed encodings", () => {
    expect(matchPath("/team", "/teams")).toBeNull();
    expect(matchPath("/invite/:token", "/invite")).toBeNull();
    expect(matchPath("/invite/:token", "/invite/a/b")).toBeNull();
    expect(matchPath("/invite/:token", "/invite/%E0%A4%A")).toBeNull();
  });
});
