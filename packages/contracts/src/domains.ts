import { z } from "zod";

/** Where a workspace publishes its proof of owning a domain: a TXT record at this name. */
export function domainChallengeName(domain: string): string {
  return `_jams-imes-challenge.${domain}`;
}

/** The TXT record's value: this prefix and the workspace's token for that domain. */
export const DOMAIN_TXT_PREFIX = "jams-imes-domain-verification=";

/** How many domains one workspace may list, verified or not. */
export const MAX_DOMAINS_PER_TENANT = 20;

/** The domain of an address, as emails are matched (ASCII letters folded only, see `normalizeEmail`). */
export function domainOf(normalizedEmail: string): string {
  return normalizedEmail.slice(normalizedEmail.lastIndexOf("@") + 1);
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const DOMAIN_SHAPE = new RegExp(`^(?:${LABEL}\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$`);

/** A domain as people type it (`Acme.com.`, ` acme.com`), folded to the form email domains are compared in. */
export const domainSchema = z
  .string({ error: "Enter a domain, like acme.com" })
  .trim()
  .min(1, "Enter a domain, like acme.com")
  .max(253, "A domain has at most 253 characters")
  .transform((value) => value.replace(/[A-Z]/g, (letter) => letter.toLowerCase()).replace(/\.$/, ""))
  .refine((value) => !value.includes("@"), "Enter the domain only, without a name and @ (acme.com)")
  .refine((value) => DOMAIN_SHAPE.test(value), "Enter a domain like acme.com (letters, digits, hyphens and dots; IDNs in their xn-- form)");

export const domainInput = z.object({ domain: domainSchema });

/** A listed domain as `domains.list` shows it: the TXT record to publish, and whether it was found. */
export interface TenantDomainView {
  domain: string;
  recordName: string;
  recordValue: string;
  verifiedAt: string | null;
  checkedAt: string | null;
}
