import { readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import GuideMarkdown from "./guide-markdown.tsx";
import { splitGuideTitle } from "./guide-text.ts";

const render = (markdown: string, options: { headingOffset?: number; section?: "sso" | "scim"; slug?: string } = {}) =>
  renderToStaticMarkup(
    createElement(GuideMarkdown, {
      markdown,
      section: options.section ?? "sso",
      slug: options.slug ?? "entra-id",
      headingOffset: options.headingOffset,
    }),
  );

describe("GuideMarkdown", () => {
  it("renders GFM tables as tables and headings with GitHub's ids", () => {
    const html = render(
      "## Where each value lives\n\n| In Entra | In JAMS IMES |\n|---|---|\n| **Application (client) ID** | **Client ID** |\n",
    );
    expect(html).toContain('<h2 id="where-each-value-lives" class="guide-heading-2">Where each value lives</h2>');
    expect(html).toMatch(/<div class="guide-table-scroll"><table><thead><tr><th>In Entra<\/th>/);
    expect(html).toContain("<td><strong>Application (client) ID</strong></td>");
  });

  it("moves headings down a level beside the settings, keeping their look", () => {
    expect(render("## Steps", { headingOffset: 1 })).toContain('<h3 id="steps" class="guide-heading-2">Steps</h3>');
  });

  it("rewrites links between guides to their pages and sends other sites to a new tab", () => {
    const html = render("[Troubleshooting](README.md#troubleshooting), [SCIM](../scim/okta.md), [Okta](https://developer.okta.com/docs/)");
    expect(html).toContain('<a href="/integrations/sso/guides/overview#troubleshooting">Troubleshooting</a>');
    expect(html).toContain('<a href="/integrations/scim/guides/okta">SCIM</a>');
    expect(html).toContain(
      '<a href="https://developer.okta.com/docs/" target="_blank" rel="noreferrer">Okta<span class="visually-hidden"> (opens in a new tab)</span></a>',
    );
  });

  it("keeps a link to one of the guide's own headings on the guide", () => {
    expect(render("[Troubleshooting](README.md#troubleshooting)", { slug: "overview" })).toContain(
      '<a href="#troubleshooting">Troubleshooting</a>',
    );
  });

  it("names a guide linked by its file name, as the product would", () => {
    expect(render("[okta.md](okta.md) and [README.md](README.md)")).toContain(
      '<a href="/integrations/sso/guides/okta">Okta</a> and <a href="/integrations/sso/guides/overview">How SSO works</a>',
    );
    expect(render("([../sso/okta.md](../sso/okta.md))", { section: "scim" })).toContain(
      '<a href="/integrations/sso/guides/okta">Okta (SSO guide)</a>',
    );
  });

  it("runs nothing from the Markdown: raw HTML shows as text, scripts links and images are dropped", () => {
    const html = render(
      "Grant admin consent for <your tenant>.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![logo](https://example.com/a.png)",
    );
    expect(html).toContain("Grant admin consent for &lt;your tenant&gt;.");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("<img");
  });

  it("renders every guide in docs without raw Markdown headings left over", () => {
    for (const [section, file] of [
      ["sso", "entra-id.md"],
      ["sso", "keycloak.md"],
      ["scim", "README.md"],
    ] as const) {
      const { title, body } = splitGuideTitle(readFileSync(new URL(`../../../../../docs/${section}/${file}`, import.meta.url), "utf8"));
      expect(title).toMatch(/^(Set up|SCIM)/);
      const html = render(body, { section });
      expect(html).not.toMatch(/(^|>)#{1,6} /m);
      expect(html).toContain("<table>");
    }
  });
});

describe("splitGuideTitle", () => {
  it("takes the leading # line as the title", () => {
    expect(splitGuideTitle("# Set up SSO with Okta\n\nConnects …")).toEqual({ title: "Set up SSO with Okta", body: "\nConnects …" });
    expect(splitGuideTitle("No title\n# Later")).toEqual({ title: undefined, body: "No title\n# Later" });
  });
});
