import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = fileURLToPath(new URL("../../web/dist", import.meta.url));
const gzipKiB = (path: string) => gzipSync(readFileSync(join(dist, path))).length / 1024;

export interface WebSizes {
  loginJsKiB: number;
  loginCssKiB: number;
  appJsKiB: number;
  appCssKiB: number;
  chunks: number;
}

/**
 * Gzipped bytes the browser loads for `/login`: index.html's entry script, its modulepreloaded
 * chunks and stylesheets (the other pages are lazy chunks), and for the whole app.
 */
export function measureWebSizes(): WebSizes {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1] as string);
  const assets = readdirSync(join(dist, "assets")).map((file) => `assets/${file}`);
  const sum = (files: string[], extension: string) =>
    files.filter((file) => file.endsWith(extension)).reduce((total, file) => total + gzipKiB(file), 0);
  return {
    loginJsKiB: sum(referenced, ".js"),
    loginCssKiB: sum(referenced, ".css"),
    appJsKiB: sum(assets, ".js"),
    appCssKiB: sum(assets, ".css"),
    chunks: assets.filter((file) => file.endsWith(".js")).length,
  };
}
