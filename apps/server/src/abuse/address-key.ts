import { isIPv4, isIPv6 } from "node:net";

/** The first 64 bits of an IPv6 address, expanded: `2001:db8:0:1`. */
function ipv6Prefix64(address: string): string {
  const [head = "", tail = ""] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups]
    : headGroups;
  return groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || "0", 16).toString(16))
    .join(":");
}

/**
 * Whom a per-address limit counts: an IPv4 address (also when IPv4-mapped in IPv6), or an IPv6
 * /64 — one customer's network, where every device can pick a new address at will, so counting
 * single IPv6 addresses would give an attacker 2^64 fresh budgets.
 */
export function addressKeyOf(clientIp: string): string {
  const bare = clientIp.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv6(bare) && !bare.includes(".")) return `${ipv6Prefix64(bare.toLowerCase())}::/64`;
  return bare;
}
