import { keccak256, stringToBytes } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/audit/index.ts";
import { loadAgentBundle } from "../../src/bundles/index.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import type { AgentBundle, JsonValue } from "../../src/types.ts";
import { bytes, PLENTY, text } from "../fixtures/agents.ts";

// The agents are under test here, not the isolation (test/sandbox covers that): run them inline.
const sandbox = createSandbox({ isolation: "inline" });
let agent: AgentBundle;
beforeAll(async () => {
  agent = await loadAgentBundle({ name: "dietary-ordering" });
});
afterAll(() => sandbox.close());

const menu = [
  { item: "Peanut noodles", price: 11.5, tags: ["vegan", "spicy"] },
  { item: "Satay tofu", price: 12, tags: ["vegan", "contains:peanut"] },
  { item: "Margherita", price: 10, tags: ["vegetarian", "contains:gluten"] },
  { item: "Chili beans", price: 9.25, tags: ["vegan", "spicy"] },
  { item: "Chicken wings", price: 8, tags: ["spicy"] },
  { item: "Caesar salad", price: 7.5, tags: ["contains:egg"] },
  { item: "Green curry", price: 13, tags: ["vegetarian", "spicy", "may-contain:peanut-oil"] },
  { item: "Lentil soup", price: 6, tags: ["vegan"] },
  { item: "Grilled salmon", price: 16, tags: ["pescatarian"] },
];

interface Order {
  order: { item: string; price: number }[];
  total: number;
  remaining: number;
  policy: { diet: string; allergens: string[] };
  policyHash: string;
  excluded: { item: string; reason: string }[];
}

async function order(context: JsonValue, input: JsonValue) {
  const result = await sandbox.run({
    bundle: agent.bytes,
    context: bytes(JSON.stringify(context)),
    input,
    budget: PLENTY,
  });
  return { result, order: result.outcome === "Completed" ? (JSON.parse(text(result.output)) as Order) : undefined };
}

const policyHashOf = (policy: JsonValue) => keccak256(stringToBytes(canonicalJson(policy as never)));

describe("dietary-ordering", () => {
  it("should never order an item with a declared allergen or outside the diet, and stay within budget", async () => {
    const { result, order: placed } = await order(
      { menu, budget: 30, preferences: { likes: ["spicy"], maxItems: 3 } },
      { policy: { diet: "vegetarian", allergens: ["peanut"] } },
    );
    expect(result.outcome).toBe("Completed");
    const names = placed!.order.map((line) => line.item);
    expect(names).toEqual(["Chili beans", "Lentil soup", "Margherita"]);
    expect(names.some((name) => /peanut|satay|curry/i.test(name))).toBe(false);
    expect(placed!.total).toBe(25.25);
    expect(placed!.total).toBeLessThanOrEqual(30);
    expect(placed!.excluded).toEqual(
      expect.arrayContaining([
        { item: "Peanut noodles", reason: "allergen:peanut" },
        { item: "Satay tofu", reason: "allergen:peanut" },
        { item: "Green curry", reason: "allergen:peanut" },
        { item: "Chicken wings", reason: "diet:vegetarian" },
        { item: "Grilled salmon", reason: "diet:vegetarian" },
      ]),
    );
  });

  it("should report and declare the keccak256 of the canonical policy it applied", async () => {
    const policy = { allergens: ["Peanut", " gluten", "peanut"], diet: "Vegan" };
    const { result, order: placed } = await order({ menu, budget: 50 }, { policy });
    const canonical = { allergens: ["gluten", "peanut"], diet: "vegan" };
    expect(placed!.policy).toEqual(canonical);
    expect(placed!.policyHash).toBe(policyHashOf(canonical));
    // Declared to the host, so the receipt attests it.
    expect(result.policyHash).toBe(policyHashOf(canonical));
    expect(placed!.order.map((line) => line.item)).toEqual(["Lentil soup", "Chili beans"]);
  });

  it("should refuse to run when the job names a different policy hash", async () => {
    const policy = { diet: "vegan", allergens: [] };
    const { result } = await order(
      { menu, budget: 50 },
      { policy, policyHash: policyHashOf({ diet: "omnivore", allergens: [] }) },
    );
    expect(result.outcome).toBe("Failed");
    expect(result.error?.message).toMatch(/policy hash/);
    const { result: matching } = await order(
      { menu, budget: 50 },
      { policy, policyHash: policyHashOf({ allergens: [], diet: "vegan" }) },
    );
    expect(matching.outcome).toBe("Completed");
  });

  it("should refuse a policy it does not understand rather than guess", async () => {
    const policies: JsonValue[] = [
      { diet: "keto" },
      { diet: "vegan", allergens: "peanut" },
      { diet: "vegan", halal: true },
    ];
    for (const policy of policies) {
      const { result } = await order({ menu, budget: 50 }, { policy });
      expect(result.outcome).toBe("Failed");
      expect(result.output).toHaveLength(0);
    }
  });

  it("should order nothing when nothing fits the budget", async () => {
    const { order: placed } = await order({ menu, budget: 5 }, { policy: { diet: "omnivore" } });
    expect(placed!.order).toEqual([]);
    expect(placed!.remaining).toBe(5);
  });
});
