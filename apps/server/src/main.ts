import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { serve } from "@hono/node-server";
import { openDatabase } from "@jams/db";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { EnvError, loadConfig } from "./env.ts";
import { createJsonLogger } from "./logger.ts";

function main(): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const logger = createJsonLogger();
  const deps = createDeps(config, openDatabase(config.databasePath), logger);
  const server = serve({ fetch: createApp(deps).fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info("server.listening", { url: `http://${config.host}:${info.port}`, publicUrl: config.publicUrl });
  });
  const stop = () =>
    server.close(() => {
      deps.abuse.close();
      process.exit(0);
    });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main();
