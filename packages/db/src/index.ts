export { type Db, migrationsFolder, openDatabase } from "./client.ts";
export { preparedStatements } from "./prepared.ts";
export * as schema from "./schema.ts";
