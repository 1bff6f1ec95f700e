export { freePort } from "./free-port.ts";
export { type LocalDns, startLocalDns } from "./local-dns.ts";
export { byFilter, type ScimClient, scimClient } from "./scim-client.ts";
export { createServedTestApp, type ServedTestApp } from "./served-test-app.ts";
export { createTestApp, TEST_RATE_LIMITS, type TestApp } from "./test-app.ts";
