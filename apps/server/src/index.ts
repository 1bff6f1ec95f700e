export { createApp } from "./app.ts";
export { hashPassword } from "./auth/password-hash.ts";
export type { AppConfig } from "./config.ts";
export { createDeps } from "./deps.ts";
export { keyIdOf, loadConfig } from "./env.ts";
export { createJsonLogger, type Logger } from "./logger.ts";
export { sealClientSecret } from "./sso/client-secret-crypto.ts";
export { type AppRouter, appRouter } from "./trpc/root.ts";
