import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";

/** The guides the product links to: SSO setup (`docs/sso`) and SCIM provisioning (`docs/scim`). */
const SECTIONS = new Set(["sso", "scim"]);
/** A guide's file name: lower-case kebab-case, or the section's `README.md` overview that the guides link to. */
const GUIDE_NAME = /^(?:[a-z0-9-]{1,40}|README)\.md$/;

/** Serves the setup guides (`docs/<section>/*.md`) as plain text, so the settings pages can link them. */
export function createGuideRoutes(docsDir: string) {
  const docs = new Hono();
  docs.get("/:section/:file", async (c) => {
    const { section, file } = c.req.param();
    if (!SECTIONS.has(section) || !GUIDE_NAME.test(file)) return c.text("Not found", 404);
    try {
      const text = await readFile(join(docsDir, section, file), "utf8");
      c.header("Cache-Control", "public, max-age=300");
      return c.text(text);
    } catch {
      return c.text("Not found", 404);
    }
  });
  return docs;
}
