import { describe, expect, it } from "vitest";
import { checkpointTimestamp, InvalidCheckpointError } from "../../src/lib/checkpoint.ts";

describe("# checkpointTimestamp", () => {
  it("should read the block timestamp from the first ten digits", () => {
    // Timestamp, chain id (16 digits), block number (16), transaction index (16), event type, event index (16).
    const checkpoint = `1763790000${"31337".padStart(16, "0")}${"42".padStart(16, "0")}${"0".repeat(16)}5${"3".padStart(16, "0")}`;
    expect(checkpointTimestamp(checkpoint)).toBe(1_763_790_000n);
  });

  it("should refuse anything that is not a checkpoint", () => {
    expect(() => checkpointTimestamp("")).toThrow(InvalidCheckpointError);
    expect(() => checkpointTimestamp("1763790000")).toThrow(InvalidCheckpointError);
    expect(() => checkpointTimestamp("17637900x0000000")).toThrow(InvalidCheckpointError);
  });
});
