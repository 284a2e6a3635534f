import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgentBundle } from "../../src/bundles/index.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import type { AgentBundle, JsonValue } from "../../src/types.ts";
import { bytes, PLENTY, text } from "../fixtures/agents.ts";

// The agents are under test here, not the isolation (test/sandbox covers that): run them inline.
const sandbox = createSandbox({ isolation: "inline" });
let agent: AgentBundle;
beforeAll(async () => {
  agent = await loadAgentBundle({ name: "redaction" });
});
afterAll(() => sandbox.close());

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const SSN = /\d{3}-\d{2}-\d{4}/;
const PHONE_DIGITS = /(?:\d[\s().-]*){9,}/;

interface Redacted {
  format: "json" | "csv";
  data: unknown;
  redactions: number;
  byKind: Record<string, number>;
}

async function redact(context: string, input: JsonValue = {}): Promise<Redacted> {
  const result = await sandbox.run({ bundle: agent.bytes, context: bytes(context), input, budget: PLENTY });
  expect(result.outcome).toBe("Completed");
  return JSON.parse(text(result.output)) as Redacted;
}

const records = [
  {
    id: 1,
    name: "Alice Smith",
    email: "alice.smith@example.com",
    phone: "+1 (555) 123-4567",
    ssn: "123-45-6789",
    note: "Reach me at a.smith@work.example.org or 020 7946 0958; NI number AB 12 34 56 C.",
    visits: [{ date: "2024-01-15", contact: "Bob Jones", amount: 12.5 }],
  },
  {
    id: 2,
    name: "Carol White",
    email: "carol@example.net",
    phone: "555.867.5309",
    ssn: "987-65-4321",
    note: "no remarks",
    visits: [],
  },
];

describe("redaction", () => {
  it("should leave no e-mail, phone number, national id or configured name in JSON records", async () => {
    const out = await redact(JSON.stringify(records), { removeFields: ["ssn"] });
    const serialized = JSON.stringify(out.data);
    expect(serialized).not.toMatch(EMAIL);
    expect(serialized).not.toMatch(SSN);
    expect(serialized).not.toMatch(PHONE_DIGITS);
    expect(serialized).not.toMatch(/Alice|Smith|Carol|Bob/);
    expect(serialized).not.toMatch(/AB 12 34 56 C/);
    expect(out.data).toEqual([
      {
        id: 1,
        name: "[name]",
        email: "[email]",
        phone: "[phone]",
        note: "Reach me at [email] or [phone]; NI number [national-id].",
        visits: [{ date: "2024-01-15", contact: "[name]", amount: 12.5 }],
      },
      { id: 2, name: "[name]", email: "[email]", phone: "[phone]", note: "no remarks", visits: [] },
    ]);
    expect(out.byKind).toEqual({ email: 3, phone: 3, nationalId: 1, name: 3, field: 2 });
    expect(out.redactions).toBe(12);
  });

  it("should mask national ids inside text when the field is kept", async () => {
    const out = await redact(JSON.stringify([{ ssn: "123-45-6789" }]));
    expect(out.data).toEqual([{ ssn: "[national-id]" }]);
  });

  it("should redact CSV and keep its shape, quoting and untouched values", async () => {
    const csv = [
      "id,name,email,phone,comment,ssn",
      '1,Bob Jones,bob@corp.io,555-867-5309,"said ""hi"", call 212.555.0199",123-45-6789',
      '2,"White, Carol",carol@x.org,+44 20 7946 0958,"order 2024-03-01, total 42.50",987-65-4321',
      "",
    ].join("\n");
    const out = await redact(csv, { removeFields: ["SSN"] });
    expect(out.format).toBe("csv");
    expect(out.data).toBe(
      [
        "id,name,email,phone,comment",
        '1,[name],[email],[phone],"said ""hi"", call [phone]"',
        '2,[name],[email],[phone],"order 2024-03-01, total 42.50"',
        "",
      ].join("\n"),
    );
    expect(out.byKind).toEqual({ email: 2, phone: 3, nationalId: 0, name: 2, field: 2 });
  });

  it("should take the name fields from the job input", async () => {
    const out = await redact(JSON.stringify([{ patient: "Dan Brown", name: "kept" }]), { nameFields: ["patient"] });
    expect(out.data).toEqual([{ patient: "[name]", name: "kept" }]);
  });
});
