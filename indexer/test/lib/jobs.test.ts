import { readFile } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "@leasehold/sdk";
import { describe, expect, it } from "vitest";
import { jobStatusName, jobStatusNames, nonZero } from "../../src/lib/jobs.ts";
import { indexerRoot } from "../../src/lib/settings.ts";

describe("# jobStatusName", () => {
  it("should follow IJobEscrow.JobStatus in declaration order", async () => {
    const source = await readFile(
      path.join(indexerRoot, "..", "contracts", "src", "interfaces", "IJobEscrow.sol"),
      "utf8",
    );
    const body = /enum JobStatus \{([^}]*)\}/.exec(source)![1]!;
    const declared = body
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("///"))
      .map((line) => line.replace(",", "").toLowerCase());
    expect(declared).toEqual(["none", ...jobStatusNames]);
    declared.slice(1).forEach((name, index) => expect(jobStatusName(index + 1)).toBe(name));
  });

  it("should refuse None and values past the last status", () => {
    expect(() => jobStatusName(0)).toThrow(InvalidInputError);
    expect(() => jobStatusName(jobStatusNames.length + 1)).toThrow(InvalidInputError);
  });
});

describe("# nonZero", () => {
  it("should turn the contract's zero values into null and keep the rest", () => {
    expect(nonZero(0n)).toBeNull();
    expect(nonZero(`0x${"0".repeat(64)}`)).toBeNull();
    expect(nonZero(`0x${"0".repeat(40)}`)).toBeNull();
    expect(nonZero(60n)).toBe(60n);
    expect(nonZero("0x01")).toBe("0x01");
  });
});
