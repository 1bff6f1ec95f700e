import { Resolver } from "node:dns/promises";

/** What DNS said of a name's TXT records: their values, that there are none, or nothing usable (timeout, SERVFAIL). */
export type TxtAnswer = { kind: "records"; values: string[] } | { kind: "none" } | { kind: "unreachable"; code: string };

export type TxtLookup = (name: string) => Promise<TxtAnswer>;

/** Answers that prove a name has no TXT record, as opposed to DNS failing to answer. */
const NO_RECORD_CODES = new Set(["ENODATA", "ENOTFOUND"]);

/**
 * TXT lookups through `node:dns` (c-ares), on the system's resolvers or on `servers`
 * (`DNS_SERVERS`: `1.1.1.1`, `127.0.0.1:5353`, `[::1]:53`). A record split into several
 * character-strings is joined, as RFC 7208 §3.3 reads them.
 */
export function createTxtLookup(servers: readonly string[] = []): TxtLookup {
  const resolver = new Resolver({ timeout: 2_000, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return async (name) => {
    try {
      const records = await resolver.resolveTxt(name);
      return { kind: "records", values: records.map((chunks) => chunks.join("")) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
      return NO_RECORD_CODES.has(code) ? { kind: "none" } : { kind: "unreachable", code };
    }
  };
}
