import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as pg from "./pg.ts";
import * as sqlite from "./sqlite.ts";

type Rows<Schema> = { [Name in keyof Schema]: Schema[Name] extends Table ? Schema[Name]["$inferSelect"] : never };

/** Column name in the database, by field, for each table of a schema. */
const shapeOf = (schema: Record<string, Table>) =>
  Object.fromEntries(
    Object.entries(schema).map(([name, table]) => [
      name,
      {
        table: getTableName(table),
        columns: Object.fromEntries(Object.entries(getTableColumns(table)).map(([field, c]) => [field, c.name])),
      },
    ]),
  );

describe("the SQLite and PostgreSQL schemas", () => {
  it("give every table the same row type (checked by the compiler: `npm run typecheck`)", () => {
    expectTypeOf<Rows<typeof pg>>().toEqualTypeOf<Rows<typeof sqlite>>();
  });

  it("name the same tables and columns", () => {
    expect(shapeOf(pg)).toEqual(shapeOf(sqlite));
  });
});
