import { describe, expect, it } from "vitest";
import * as schema from "../../ponder.schema.ts";

/** Prefixes Ponder's SQL generator takes for built-in types, leaving the enum unqualified. */
const postgresTypePrefixes = [
  "uuid",
  "smallint",
  "integer",
  "bigint",
  "boolean",
  "text",
  "varchar",
  "serial",
  "bigserial",
  "decimal",
  "numeric",
  "real",
  "json",
  "time",
  "date",
  "interval",
  "double precision",
];

describe("# enums", () => {
  it("should have names Ponder qualifies with the database schema", () => {
    const enumNames = Object.values(schema).flatMap((value) =>
      typeof value === "function" && "enumName" in value ? [String(value.enumName)] : [],
    );
    expect(enumNames).toContain("operation_status");
    for (const name of enumNames) {
      expect(
        postgresTypePrefixes.filter((prefix) => name.startsWith(prefix)),
        name,
      ).toEqual([]);
    }
  });
});
