export { createApp } from "./app.ts";
export type { AppConfig } from "./config.ts";
export { createDeps } from "./deps.ts";
export { keyIdOf, loadConfig } from "./env.ts";
export { createJsonLogger, type Logger } from "./logger.ts";
export type { AppRouter } from "./trpc/root.ts";
