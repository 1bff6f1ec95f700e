import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findGuide, guidesOf } from "./guide-catalog.ts";
import { resolveGuideLink } from "./guide-links.ts";

const docsDir = (section: string) => fileURLToPath(new URL(`../../../../../docs/${section}/`, import.meta.url));

describe("the guide catalog", () => {
  it.each(["sso", "scim"] as const)("lists exactly the Markdown files of docs/%s, each with its own slug", (section) => {
    const files = readdirSync(docsDir(section)).filter((file) => file.endsWith(".md"));
    expect(
      guidesOf(section)
        .map((guide) => guide.file)
        .sort(),
    ).toEqual(files.sort());
    const slugs = guidesOf(section).map((guide) => guide.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("knows no slug outside the list, so an unknown one is the not-found page", () => {
    expect(findGuide("sso", "okta")?.file).toBe("okta.md");
    expect(findGuide("sso", "overview")?.file).toBe("README.md");
    expect(findGuide("sso", "README")).toBeUndefined();
    expect(findGuide("sso", "../security")).toBeUndefined();
    expect(findGuide("scim", "auth0")).toBeUndefined();
  });
});

describe("resolveGuideLink", () => {
  it("rewrites a link to a sibling guide to its page in the SPA", () => {
    expect(resolveGuideLink("okta.md", "sso")).toMatchObject({ kind: "guide", to: "/integrations/sso/guides/okta", fragment: "" });
  });

  it("rewrites README.md, with its heading, to the section's overview", () => {
    expect(resolveGuideLink("README.md#troubleshooting", "sso")).toMatchObject({
      kind: "guide",
      to: "/integrations/sso/guides/overview#troubleshooting",
      fragment: "troubleshooting",
    });
    expect(resolveGuideLink("README.md", "scim")).toMatchObject({ kind: "guide", to: "/integrations/scim/guides/overview" });
  });

  it("follows links into the other section", () => {
    expect(resolveGuideLink("../scim/okta.md", "sso")).toMatchObject({ kind: "guide", to: "/integrations/scim/guides/okta" });
    expect(resolveGuideLink("../sso/README.md", "scim")).toMatchObject({ kind: "guide", to: "/integrations/sso/guides/overview" });
    expect(resolveGuideLink("./entra-id.md#offboarding", "scim")).toMatchObject({
      kind: "guide",
      to: "/integrations/scim/guides/entra-id#offboarding",
    });
  });

  it("keeps a heading of the same guide in place", () => {
    expect(resolveGuideLink("#known-quirks", "sso")).toEqual({ kind: "fragment", fragment: "known-quirks" });
  });

  it("sends links to other sites out as they are", () => {
    const href = "https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc";
    expect(resolveGuideLink(href, "sso")).toEqual({ kind: "external", href });
    expect(resolveGuideLink("//evil.example/okta.md", "sso")).toEqual({ kind: "external", href: "https://evil.example/okta.md" });
  });

  it("names pages of the app by their root-relative path", () => {
    expect(resolveGuideLink("/integrations/sso", "scim")).toEqual({ kind: "app", to: "/integrations/sso" });
  });

  it("leaves files the product does not show, and unsafe schemes, without a link", () => {
    expect(resolveGuideLink("../security.md", "sso")).toEqual({ kind: "none" });
    expect(resolveGuideLink("../../package.json", "sso")).toEqual({ kind: "none" });
    expect(resolveGuideLink("missing.md", "sso")).toEqual({ kind: "none" });
    expect(resolveGuideLink("keycloak.md", "scim")).toEqual({ kind: "none" });
    expect(resolveGuideLink("javascript:alert(1)", "sso")).toEqual({ kind: "none" });
    expect(resolveGuideLink("data:text/html,hi", "sso")).toEqual({ kind: "none" });
    expect(resolveGuideLink(undefined, "sso")).toEqual({ kind: "none" });
  });
});
