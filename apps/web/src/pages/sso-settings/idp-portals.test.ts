import { readFileSync } from "node:fs";
import { IDP_KINDS } from "@jams/contracts";
import { describe, expect, it } from "vitest";
import { findGuide } from "../sso-guides/guide-catalog.ts";
import { parseHint } from "./hint-text.tsx";
import { fieldHelpOf, IDP_PORTALS, isProposedDisplayName, type PortalField } from "./idp-portals.ts";

const FIELDS: PortalField[] = ["issuer", "clientId", "clientSecret", "clientSecretExpiresOn"];
const guideText = (slug: string) => readFileSync(new URL(`../../../../../docs/sso/${slug}.md`, import.meta.url), "utf8");

describe("the IdP portals", () => {
  it.each(IDP_KINDS)("%s has a label, a guide that exists, and a hint for every field", (kind) => {
    const portal = IDP_PORTALS[kind];
    expect(portal.label).not.toBe("");
    expect(portal.guideLinkText).toMatch(/^Open the .*guide/);
    expect(findGuide("sso", portal.guideSlug)?.isListed).toBe(true);
    for (const field of FIELDS) expect(fieldHelpOf(kind, field).hint, `${kind} ${field}`).not.toBe("");
  });

  it("describes no IdP the picker does not offer", () => {
    expect(Object.keys(IDP_PORTALS).sort()).toEqual([...IDP_KINDS].sort());
  });

  it("keeps every hint's markup balanced, so no stray ** or ` reaches the page", () => {
    for (const kind of IDP_KINDS) {
      for (const field of FIELDS) {
        const text = parseHint(fieldHelpOf(kind, field).hint)
          .filter((part) => part.kind === "text")
          .map((part) => part.text)
          .join("");
        expect(text, `${kind} ${field}`).not.toMatch(/\*\*|`/);
      }
    }
  });

  it("names each portal's fields as its guide does", () => {
    const entra = guideText("entra-id");
    for (const label of ["Application (client) ID", "Directory (tenant) ID", "Certificates & secrets", "Secret ID", "**Value**"]) {
      expect(entra).toContain(label);
    }
    expect(fieldHelpOf("entra-id", "clientId").hint).toContain("Application (client) ID");
    expect(fieldHelpOf("entra-id", "clientSecret").hint).toMatch(/\*\*Value\*\* \(not the \*\*Secret ID\*\*\)/);
    expect(fieldHelpOf("entra-id", "clientSecretExpiresOn").hint).toContain("24 months");

    expect(guideText("okta")).toContain("Security → API → Authorization Servers → Issuer URI");
    expect(fieldHelpOf("okta", "issuer").hint).toContain("**Issuer URI**");
    expect(guideText("google-workspace")).toContain("`https://accounts.google.com`");
    expect(IDP_PORTALS["google-workspace"].fixedIssuer).toBe("https://accounts.google.com");
    expect(guideText("auth0")).toContain("**with** the trailing slash");
    expect(fieldHelpOf("auth0", "issuer").placeholder).toMatch(/\/$/);
    expect(guideText("keycloak")).toContain("`https://<host>/realms/<realm>`");
    expect(fieldHelpOf("keycloak", "issuer").placeholder).toBe("https://<host>/realms/<realm>");
    expect(fieldHelpOf("keycloak", "clientSecret").hint).toContain("**Credentials**");
  });

  it("proposes a Configuration name per IdP, replacing only a proposed one", () => {
    expect(IDP_PORTALS["entra-id"].defaultDisplayName).toBe("Microsoft Entra ID");
    expect(isProposedDisplayName("")).toBe(true);
    expect(isProposedDisplayName("Okta")).toBe(true);
    expect(isProposedDisplayName("Acme login")).toBe(false);
  });

  it("gives generic hints before an IdP is picked", () => {
    expect(fieldHelpOf(null, "issuer").hint).toContain(".well-known/openid-configuration");
    expect(fieldHelpOf(null, "clientSecretExpiresOn").hint).toMatch(/^Optional/);
  });
});

describe("parseHint", () => {
  it("splits labels and values from the text around them", () => {
    expect(parseHint("Copy the **Value**, not `Secret ID`.")).toEqual([
      { kind: "text", text: "Copy the " },
      { kind: "label", text: "Value" },
      { kind: "text", text: ", not " },
      { kind: "value", text: "Secret ID" },
      { kind: "text", text: "." },
    ]);
    expect(parseHint("")).toEqual([]);
  });
});
