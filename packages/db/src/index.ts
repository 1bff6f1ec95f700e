export { type Db, migrationsFolder, openDatabase } from "./client.ts";
export * as schema from "./schema.ts";
