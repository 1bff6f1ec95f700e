import { randomBytes } from "node:crypto";

export { freePort } from "@jams/server/test-support";

/** Rate limits raised out of the way, as an operator would for a load test. */
const UNLIMITED = "1000000000";

/** The production server's environment for a bench run on `database`. */
export const benchServerEnv = (origin: string, database: string, encryptionKey: Uint8Array) => ({
  DATABASE_URL: database,
  PUBLIC_URL: origin,
  JWT_SECRET: randomBytes(48).toString("base64url"),
  SSO_ENCRYPTION_KEY: Buffer.from(encryptionKey).toString("base64"),
  SSO_ALLOW_INSECURE_ISSUERS: "1",
  RATE_LIMIT_LOGIN_PER_IP: UNLIMITED,
  RATE_LIMIT_LOGIN_FREE_FAILURES: UNLIMITED,
  RATE_LIMIT_LOOKUP_PER_IP: UNLIMITED,
  RATE_LIMIT_SSO_START_PER_IP: UNLIMITED,
  RATE_LIMIT_PER_ADDRESS_AND_EMAIL: UNLIMITED,
  RATE_LIMIT_SSO_START_PER_TENANT: UNLIMITED,
});
