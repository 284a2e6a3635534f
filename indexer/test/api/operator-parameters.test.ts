import { describe, expect, it } from "vitest";
import {
  DEFAULT_HISTORY_LIMIT,
  GetOperatorParameterError,
  MAX_HISTORY_LIMIT,
  parseGetOperatorParameters,
} from "../../src/api/operator-parameters.ts";

const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("# parseGetOperatorParameters", () => {
  it("should lowercase the address, as Ponder stores it, and default the limit", () => {
    expect(parseGetOperatorParameters(address, undefined)).toEqual({
      address: address.toLowerCase(),
      limit: DEFAULT_HISTORY_LIMIT,
    });
  });

  it("should accept any limit from 1 to the maximum", () => {
    expect(parseGetOperatorParameters(address.toLowerCase(), "1").limit).toBe(1);
    expect(parseGetOperatorParameters(address, String(MAX_HISTORY_LIMIT)).limit).toBe(MAX_HISTORY_LIMIT);
  });

  it("should reject what is not an address", () => {
    expect(() => parseGetOperatorParameters("0x1234", undefined)).toThrow(GetOperatorParameterError);
  });

  it("should reject a limit that is not an integer in range", () => {
    for (const limit of ["0", String(MAX_HISTORY_LIMIT + 1), "2.5", "ten", ""]) {
      expect(() => parseGetOperatorParameters(address, limit)).toThrow(GetOperatorParameterError);
    }
  });
});
