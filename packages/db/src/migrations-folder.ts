import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The committed migrations made by drizzle-kit, one folder per dialect. Resolved from this file,
 * which sits three levels below the repository root; so does the server bundle that inlines it
 * (`apps/server/dist/main.mjs` or a chunk beside it), so the path holds for both.
 */
const migrationsRoot = fileURLToPath(new URL("../../../drizzle", import.meta.url));

export const sqliteMigrationsFolder = join(migrationsRoot, "sqlite");
export const pgMigrationsFolder = join(migrationsRoot, "pg");
