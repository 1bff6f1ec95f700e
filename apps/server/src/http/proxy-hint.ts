import { getConnInfo } from "@hono/node-server/conninfo";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.ts";
import { isPublicAddress } from "../sso/network-address.ts";

/** Requests looked at before the hint is logged: enough that one address means "a proxy", not "one busy user". */
const SAMPLE = 100;

/**
 * Without `TRUST_PROXY`, a server behind a load balancer sees every request come from the balancer,
 * so every per-address limit counts the whole customer base as one address. When the first SAMPLE
 * requests all carry `X-Forwarded-For` and all come from one private address, says so once in the
 * log (`server.trust_proxy_suggested`).
 */
export function proxyHint(options: { trustProxy: boolean; logger: Logger }): MiddlewareHandler {
  let seen = 0;
  let address: string | undefined;
  let isDone = options.trustProxy;
  return async function hintAtProxy(c, next) {
    if (!isDone) {
      let remote: string | undefined;
      try {
        remote = getConnInfo(c).remote.address;
      } catch {
        remote = undefined;
      }
      const isBehindProxy = c.req.header("x-forwarded-for") !== undefined && remote !== undefined && !isPublicAddress(remote);
      if (!isBehindProxy || (address !== undefined && address !== remote)) isDone = true;
      else {
        address = remote;
        if (++seen >= SAMPLE) {
          isDone = true;
          options.logger.error("server.trust_proxy_suggested", {
            requests: seen,
            address,
            advice: "Every request came from one private address with X-Forwarded-For: set TRUST_PROXY=1 so limits count real clients",
          });
        }
      }
    }
    await next();
  };
}
