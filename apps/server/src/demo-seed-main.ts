import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { openStore } from "@jams/db";
import { DEMO, seedDemo } from "./demo-seed.ts";
import { loadConfig } from "./env.ts";

/** `npm run dev` step: migrate and seed the development database. The secret is read from a file, never argv. */
const [issuer, clientId, secretFile] = process.argv.slice(2);
if (!issuer || !clientId || !secretFile) {
  process.stderr.write("usage: demo-seed-main <issuer> <client-id> <client-secret-file>\n");
  process.exit(2);
}
const clientSecret = readFileSync(secretFile, "utf8").trim();
const config = loadConfig();
if (config.database.dialect === "sqlite") mkdirSync(dirname(config.database.path), { recursive: true });
const store = await openStore(config.database, { poolMax: 1 });
await seedDemo(store, config, { issuer, clientId, clientSecret });
await store.close();
process.stdout.write(`Seeded ${DEMO.workspaceName} (${config.database.dialect})\n`);
