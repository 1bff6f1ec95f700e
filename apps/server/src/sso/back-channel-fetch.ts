import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPublicAddress } from "./network-address.ts";

export const BACK_CHANNEL_TIMEOUT_MS = 5_000;
export const BACK_CHANNEL_MAX_BYTES = 1024 * 1024;

export type BackChannelProblem = "forbidden_url" | "forbidden_address" | "timeout" | "too_large" | "encoded" | "network";

export class BackChannelError extends Error {
  override name = "BackChannelError";
  constructor(
    readonly problem: BackChannelProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface BackChannelPolicy {
  /** SSO_ALLOW_INSECURE_ISSUERS: allows `http://` and loopback/private destinations. */
  allowInsecure: boolean;
  /** Allows `http://` (default: `allowInsecure`). */
  allowHttp?: boolean;
  /** Which resolved addresses may be connected to (default: any when insecure, else public ones only). */
  isAllowedAddress?: (address: string) => boolean;
  /** Allows ports other than https's 443 and 8443 (default: `allowInsecure`). */
  allowAnyPort?: boolean;
  /** Resolves host names (default: the system's `dns.lookup`); tests answer with chosen addresses. */
  lookup?: typeof dnsLookup;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface BackChannelInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | null;
}

export type BackChannelFetch = (url: string | URL, init?: BackChannelInit) => Promise<Response>;

/** Ports an identity provider may be reached on unless insecure issuers are allowed: https's own, and its usual alternative. */
const STANDARD_PORTS = new Set(["", "443", "8443"]);

/**
 * DNS lookup that refuses an answer with any disallowed address (not only when all are), so the
 * check holds at connect time (no DNS rebinding window).
 */
function guardedLookup(isAllowedAddress: (address: string) => boolean, lookup: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.some((entry) => !isAllowedAddress(entry.address));
      if (refused || addresses.length === 0) {
        const failure = new BackChannelError("forbidden_address", `${hostname} resolves to a non-public address`);
        return callback(failure as NodeJS.ErrnoException, "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new BackChannelError("too_large", `response exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on("end", () => resolve(Buffer.concat(chunks)));
    response.on("error", reject);
  });
}

/**
 * A fetch for calls to an identity provider (discovery, JWKS, token, userinfo): https only and
 * public addresses only (checked when connecting) unless insecure issuers are allowed, a 5 s
 * budget for the whole exchange, redirects never followed, no content decoding (no gzip bombs),
 * and at most 1 MiB read.
 */
export function createBackChannelFetch(policy: BackChannelPolicy): BackChannelFetch {
  const timeoutMs = policy.timeoutMs ?? BACK_CHANNEL_TIMEOUT_MS;
  const maxBytes = policy.maxBytes ?? BACK_CHANNEL_MAX_BYTES;
  const allowHttp = policy.allowHttp ?? policy.allowInsecure;
  const isAllowedAddress = policy.isAllowedAddress ?? (policy.allowInsecure ? () => true : isPublicAddress);
  const allowAnyPort = policy.allowAnyPort ?? policy.allowInsecure;
  const lookup = guardedLookup(isAllowedAddress, policy.lookup ?? dnsLookup);
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const isHttps = url.protocol === "https:";
      if (!isHttps && !(allowHttp && url.protocol === "http:")) {
        return reject(new BackChannelError("forbidden_url", `${url.protocol} is not allowed for identity provider calls`));
      }
      if (!allowAnyPort && !STANDARD_PORTS.has(url.port)) {
        return reject(new BackChannelError("forbidden_url", `port ${url.port} is not allowed for identity provider calls (443 or 8443)`));
      }
      const hostname = url.hostname.replace(/^\[|\]$/g, "");
      if (isIP(hostname) && !isAllowedAddress(hostname)) {
        return reject(new BackChannelError("forbidden_address", `${hostname} is not an allowed address`));
      }
      const body = init.body === undefined || init.body === null ? undefined : String(init.body);
      const headers: Record<string, string> = { ...init.headers, "accept-encoding": "identity" };
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const request = (isHttps ? httpsRequest : httpRequest)(url, { method: init.method ?? "GET", headers, lookup });
      const fail = (error: unknown) => {
        clearTimeout(timer);
        request.destroy();
        reject(error instanceof BackChannelError ? error : new BackChannelError("network", (error as Error).message));
      };
      const timer = setTimeout(() => fail(new BackChannelError("timeout", `no answer within ${timeoutMs} ms`)), timeoutMs);
      init.signal?.addEventListener("abort", () => fail(new BackChannelError("timeout", "aborted")), { once: true });
      request.on("error", fail);
      request.on("response", (response) => {
        const encoding = response.headers["content-encoding"];
        if (encoding && encoding !== "identity") return fail(new BackChannelError("encoded", `unexpected content-encoding ${encoding}`));
        readCapped(response, maxBytes).then((bytes) => {
          clearTimeout(timer);
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === "string") responseHeaders.set(name, value);
          }
          const status = response.statusCode && response.statusCode >= 200 ? response.statusCode : 502;
          const hasBody = ![204, 205, 304].includes(status);
          resolve(new Response(hasBody ? new Uint8Array(bytes) : null, { status, headers: responseHeaders }));
        }, fail);
      });
      request.end(body);
    });
}
