import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { openDatabase } from "@jams/db";
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
mkdirSync(dirname(config.databasePath), { recursive: true });
const db = openDatabase(config.databasePath);
await seedDemo(db, config, { issuer, clientId, clientSecret });
db.$client.close();
process.stdout.write(`Seeded ${DEMO.workspaceName} in ${config.databasePath}\n`);
