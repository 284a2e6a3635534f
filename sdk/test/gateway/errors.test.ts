import { describe, expect, it } from "vitest";
import type { CapabilityErrorCode } from "../../src/capabilities/index.ts";
import { capabilityErrorGatewayCode, GatewayError, gatewayErrorStatus } from "../../src/gateway/index.ts";

describe("capabilityErrorGatewayCode", () => {
  it("should answer every capability failure with 401, or 404 when the lease or job does not exist", () => {
    for (const [capabilityCode, gatewayCode] of Object.entries(capabilityErrorGatewayCode)) {
      const expected = capabilityCode.endsWith("-not-found") ? 404 : 401;
      expect(gatewayErrorStatus[gatewayCode], capabilityCode as CapabilityErrorCode).toBe(expected);
    }
  });
});

describe("GatewayError", () => {
  it("should be retryable only for 429, 503 and no answer at all", () => {
    const of = (status: number) => new GatewayError({ status, code: "internal_error", message: "x" }).retryable;
    expect([0, 429, 503].map(of)).toEqual([true, true, true]);
    expect([400, 401, 404, 409, 413, 500].map(of)).toEqual([false, false, false, false, false, false]);
  });
});
