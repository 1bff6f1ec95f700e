import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { serve } from "@hono/node-server";
import { openStore } from "@jams/db";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { EnvError, loadConfig } from "./env.ts";
import { loadKeyRing } from "./keys/key-provider.ts";
import { KeyWrapperError } from "./keys/key-wrapper.ts";
import { createJsonLogger } from "./logger.ts";
import { startMaintenance } from "./maintenance.ts";

async function main(): Promise<void> {
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
  if (config.database.dialect === "sqlite") mkdirSync(dirname(config.database.path), { recursive: true });
  const logger = createJsonLogger();
  const store = await openStore(config.database, {
    poolMax: config.databasePoolMax,
    onPoolError: (error) => logger.error("db.pool_error", { error: error.name, message: error.message }),
  }).catch((error: Error) => {
    process.stderr.write(`Cannot open the ${config.database.dialect} database: ${error.message}\n`);
    process.exit(1);
  });
  const ssoEncryptionKeys = await loadKeyRing(config, store).catch((error: Error) => {
    const cause = error instanceof KeyWrapperError ? error.message : `Cannot load the client-secret data keys: ${error.message}`;
    process.stderr.write(`${cause}\n`);
    process.exit(1);
  });
  const mailer = config.smtp ? (await import("./mail/smtp-mailer.ts")).createSmtpMailer(config.smtp) : undefined;
  if (mailer) logger.info("mail.enabled", { message: `Invitations are mailed via ${mailer.server}`, server: mailer.server });
  const deps = createDeps({ ...config, ssoEncryptionKeys }, store, logger, { mailer });
  const maintenance = startMaintenance(deps);
  const server = serve({ fetch: createApp(deps).fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info("server.listening", {
      url: `http://${config.host}:${info.port}`,
      publicUrl: config.publicUrl,
      database: config.database.dialect,
    });
  });
  const stop = () =>
    server.close(async () => {
      maintenance.stop();
      mailer?.close();
      await deps.abuse.close();
      await store.close();
      process.exit(0);
    });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await main();
