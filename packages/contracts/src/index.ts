export * from "./audit.ts";
export * from "./auth.ts";
export * from "./domains.ts";
export * from "./email.ts";
export * from "./sso-config.ts";
export * from "./sso-errors.ts";
export * from "./sso-test.ts";
export * from "./team.ts";
