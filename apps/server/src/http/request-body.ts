import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Collects Node's request stream, refusing past `maxBytes` (declared or counted). */
function readIncoming(incoming: HttpBindings["incoming"], maxBytes: number): Promise<string> {
  if (Number(incoming.headers["content-length"] ?? 0) > maxBytes) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        incoming.removeAllListeners("data");
        incoming.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    incoming.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    incoming.once("error", reject);
  });
}

/**
 * A request body as text, at most `maxBytes`. Under @hono/node-server it is read from Node's
 * request directly: asking Hono for it builds a WHATWG Request and stream around it, which
 * costs more than a tRPC call itself (docs/performance.md). In-process requests (tests) read
 * the Request.
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  if (incoming) return readIncoming(incoming, maxBytes);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new BodyTooLargeError();
  return text;
}
