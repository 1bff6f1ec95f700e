import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";

const GUIDE_NAME = /^[a-z0-9-]{1,40}\.md$/;

/** Serves the SSO setup guides (`docs/sso/*.md`) as plain text, so the settings page can link them. */
export function createSsoDocsRoutes(docsDir: string) {
  const docs = new Hono();
  docs.get("/:file", async (c) => {
    const file = c.req.param("file");
    if (!GUIDE_NAME.test(file)) return c.text("Not found", 404);
    try {
      const text = await readFile(join(docsDir, file), "utf8");
      c.header("Cache-Control", "public, max-age=300");
      return c.text(text);
    } catch {
      return c.text("Not found", 404);
    }
  });
  return docs;
}
