import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  addressSchema,
  agentIdSchema,
  ApiParameterError,
  DEFAULT_ENDORSEMENT_EPOCHS,
  DEFAULT_PAGE_LIMIT,
  getAgentEndorsementsSchema,
  getAgentsSchema,
  getDisputesSchema,
  getJobsSchema,
  getLeasesSchema,
  getSolvencySchema,
  MAX_ENDORSEMENT_EPOCHS,
  MAX_PAGE_LIMIT,
  pageSchema,
  parseParameters,
} from "../../src/api/query-parameters.ts";

const address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("# pageSchema", () => {
  it("should default the page and accept limits from 1 to the maximum", () => {
    expect(parseParameters(pageSchema, {})).toEqual({ limit: DEFAULT_PAGE_LIMIT, offset: 0 });
    expect(parseParameters(pageSchema, { limit: String(MAX_PAGE_LIMIT), offset: "7" })).toEqual({
      limit: MAX_PAGE_LIMIT,
      offset: 7,
    });
  });

  it("should reject bad limits and offsets and unknown fields", () => {
    for (const query of [
      { limit: "0" },
      { limit: String(MAX_PAGE_LIMIT + 1) },
      { limit: "2.5" },
      { offset: "-1" },
      { sort: "x" },
    ]) {
      expect(() => parseParameters(pageSchema, query), JSON.stringify(query)).toThrow(ApiParameterError);
    }
  });
});

describe("# getDisputesSchema", () => {
  it("should lowercase the arbitrator, as Ponder stores it, and take a phase", () => {
    expect(parseParameters(getDisputesSchema, { arbitrator: address, phase: "voting" })).toEqual({
      arbitrator: address.toLowerCase(),
      phase: "voting",
      limit: DEFAULT_PAGE_LIMIT,
      offset: 0,
    });
  });

  it("should reject what is not an address or a phase", () => {
    expect(() => parseParameters(getDisputesSchema, { arbitrator: "0x1234" })).toThrow(ApiParameterError);
    expect(() => parseParameters(getDisputesSchema, { phase: "asleep" })).toThrow(ApiParameterError);
  });
});

describe("# explorer lists", () => {
  it("should read a job's filters: status, agent and lease ids, lowercased parties", () => {
    expect(
      parseParameters(getJobsSchema, { status: "paid", agent: "2", lease: "3", client: address, operator: address }),
    ).toEqual({
      status: "paid",
      agent: 2n,
      lease: 3n,
      client: address.toLowerCase(),
      operator: address.toLowerCase(),
      limit: DEFAULT_PAGE_LIMIT,
      offset: 0,
    });
  });

  it("should read a lease's standing, not its stored status, and an agent's status", () => {
    expect(parseParameters(getLeasesSchema, { status: "expired", owner: address })).toMatchObject({
      status: "expired",
      owner: address.toLowerCase(),
    });
    expect(parseParameters(getAgentsSchema, { status: "retired", limit: "5" })).toMatchObject({
      status: "retired",
      limit: 5,
    });
    expect(parseParameters(getDisputesSchema, { agent: "7", client: address })).toMatchObject({
      agent: 7n,
      client: address.toLowerCase(),
    });
  });

  it("should reject unknown statuses, bad ids and addresses, and fields of another list", () => {
    const cases: [z.ZodType, Record<string, string>][] = [
      [getJobsSchema, { status: "done" }],
      [getJobsSchema, { agent: "-1" }],
      [getJobsSchema, { client: "0x1234" }],
      [getJobsSchema, { owner: address }],
      [getLeasesSchema, { status: "granted" }],
      [getLeasesSchema, { client: address }],
      [getAgentsSchema, { status: "active" }],
      [getAgentsSchema, { agent: "1" }],
      [getDisputesSchema, { agent: "one" }],
    ];
    for (const [schema, query] of cases) {
      expect(() => parseParameters(schema, query), JSON.stringify(query)).toThrow(ApiParameterError);
    }
  });
});

describe("# getSolvencySchema", () => {
  it("should take a range of block timestamps", () => {
    expect(parseParameters(getSolvencySchema, { from: "10", to: "20" })).toMatchObject({ from: 10n, to: 20n });
    expect(parseParameters(getSolvencySchema, { from: "10", to: "10" })).toMatchObject({ from: 10n, to: 10n });
  });

  it("should reject a reversed range and what is not a time", () => {
    expect(() => parseParameters(getSolvencySchema, { from: "20", to: "10" })).toThrow(ApiParameterError);
    expect(() => parseParameters(getSolvencySchema, { from: "yesterday" })).toThrow(ApiParameterError);
  });
});

describe("# path parameters", () => {
  it("should read agent ids as integers and addresses in lowercase", () => {
    expect(parseParameters(agentIdSchema, "42")).toBe(42n);
    expect(parseParameters(addressSchema, address)).toBe(address.toLowerCase());
    expect(() => parseParameters(agentIdSchema, "-1")).toThrow(ApiParameterError);
    expect(() => parseParameters(agentIdSchema, "0x10")).toThrow(ApiParameterError);
  });
});

describe("# getAgentEndorsementsSchema", () => {
  it("should default the window and accept 1 to the maximum number of epochs", () => {
    expect(parseParameters(getAgentEndorsementsSchema, {})).toEqual({ epochs: DEFAULT_ENDORSEMENT_EPOCHS });
    expect(parseParameters(getAgentEndorsementsSchema, { epochs: String(MAX_ENDORSEMENT_EPOCHS) })).toEqual({
      epochs: MAX_ENDORSEMENT_EPOCHS,
    });
  });

  it("should reject a bad window and unknown fields", () => {
    for (const query of [
      { epochs: "0" },
      { epochs: String(MAX_ENDORSEMENT_EPOCHS + 1) },
      { epochs: "1.5" },
      { limit: "5" },
    ]) {
      expect(() => parseParameters(getAgentEndorsementsSchema, query), JSON.stringify(query)).toThrow(
        ApiParameterError,
      );
    }
  });
});
