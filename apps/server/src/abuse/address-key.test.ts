import { describe, expect, it } from "vitest";
import { addressKeyOf } from "./address-key.ts";

describe("addressKeyOf", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:0:1::1", "2001:db8:0:1::/64"],
    ["2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd", "2001:db8:0:1::/64"],
    ["2001:DB8:0:1:ffff::9", "2001:db8:0:1::/64"],
    ["[2001:db8::5]", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["unknown", "unknown"],
  ])("%s → %s", (address, key) => {
    expect(addressKeyOf(address)).toBe(key);
  });

  it("puts every address of one /64 in one bucket, and the next /64 in another", () => {
    expect(addressKeyOf("2001:db8:0:1::1")).toBe(addressKeyOf("2001:db8:0:1:ffff:ffff:ffff:ffff"));
    expect(addressKeyOf("2001:db8:0:1::1")).not.toBe(addressKeyOf("2001:db8:0:2::1"));
  });
});
