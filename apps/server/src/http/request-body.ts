import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/**
 * Collects Node's request stream, refusing past `maxBytes` (declared or counted). On refusal the
 * rest is discarded unread and the answer closes the connection (see trpc-routes.ts).
 */
function readIncoming(incoming: HttpBindings["incoming"], maxBytes: number): Promise<string> {
  if (Number(incoming.headers["content-length"] ?? 0) > maxBytes) return Promise.reject(new BodyTooLargeError());
  if (incoming.readableEnded || incoming.destroyed) return Promise.reject(new Error("the request body is no longer readable"));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      detach();
      incoming.resume();
      reject(new BodyTooLargeError());
    };
    const onEnd = () => {
      detach();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      detach();
      reject(error);
    };
    const onClose = () => onError(new Error("the request was aborted"));
    incoming.on("data", onData);
    incoming.once("end", onEnd);
    incoming.once("error", onError);
    incoming.once("close", onClose);
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
