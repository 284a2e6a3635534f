import { describe, expect, it } from "vitest";
import {
  JOB_OUTPUT_OVERHEAD,
  MAX_JOB_INPUT_BYTES,
  SealingError,
  encryptContext,
  openJobInput,
  openJobOutput,
  sealJobInput,
  sealJobOutput,
  type SealingErrorReason,
} from "../../src/sealing/index.ts";

const binding = { chainId: 31337, jobId: 4n };
const { contentKey } = encryptContext(new Uint8Array(1), {
  chainId: 31337,
  owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
});
const output = new TextEncoder().encode('{"redactions":3}');

function reasonOf(fn: () => unknown): SealingErrorReason {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SealingError);
    return (error as SealingError).reason;
  }
  throw new Error("expected a SealingError");
}

describe("sealJobOutput / openJobOutput", () => {
  it("should round-trip an output for the holder of the content key", () => {
    const sealed = sealJobOutput(output, contentKey, binding);
    expect(new TextDecoder().decode(sealed.subarray(0, 4))).toBe("LHOX");
    expect(sealed).toHaveLength(JOB_OUTPUT_OVERHEAD + output.length);
    expect(openJobOutput(sealed, contentKey, binding)).toEqual(output);
  });

  it("should fail under another job, another chain or another key", () => {
    const sealed = sealJobOutput(output, contentKey, binding);
    expect(reasonOf(() => openJobOutput(sealed, contentKey, { ...binding, jobId: 5n }))).toBe("authentication-failed");
    expect(reasonOf(() => openJobOutput(sealed, contentKey, { ...binding, chainId: 1 }))).toBe("authentication-failed");
    expect(reasonOf(() => openJobOutput(sealed, new Uint8Array(32), binding))).toBe("authentication-failed");
  });

  it("should fail on any flipped byte and on truncation", () => {
    const sealed = sealJobOutput(output, contentKey, binding);
    for (let index = 0; index < sealed.length; index++) {
      const tampered = sealed.slice();
      tampered[index]! ^= 0x01;
      const expected = index < 4 ? "bad-magic" : index === 4 ? "unsupported-version" : "authentication-failed";
      expect(
        reasonOf(() => openJobOutput(tampered, contentKey, binding)),
        `byte ${index}`,
      ).toBe(expected);
    }
    expect(reasonOf(() => openJobOutput(sealed.subarray(0, JOB_OUTPUT_OVERHEAD - 1), contentKey, binding))).toBe(
      "truncated",
    );
  });

  it("should leave the caller's content key intact", () => {
    const copy = contentKey.slice();
    sealJobOutput(output, contentKey, binding);
    expect(contentKey).toEqual(copy);
  });
});

describe("sealJobInput / openJobInput", () => {
  const input = new TextEncoder().encode('{"policy":{"diet":"vegan"}}');

  it("should round-trip a job input for the job holding the content key", () => {
    const sealed = sealJobInput(input, contentKey, binding);
    expect(new TextDecoder().decode(sealed.subarray(0, 4))).toBe("LHIX");
    expect(openJobInput(sealed, contentKey, binding)).toEqual(input);
  });

  it("should never open an input as an output or an output as an input", () => {
    expect(reasonOf(() => openJobOutput(sealJobInput(input, contentKey, binding), contentKey, binding))).toBe(
      "bad-magic",
    );
    expect(reasonOf(() => openJobInput(sealJobOutput(input, contentKey, binding), contentKey, binding))).toBe(
      "bad-magic",
    );
    // Same bytes under the other magic still fail: the keys differ too.
    const sealed = sealJobInput(input, contentKey, binding);
    sealed.set(new TextEncoder().encode("LHOX"), 0);
    expect(reasonOf(() => openJobOutput(sealed, contentKey, binding))).toBe("authentication-failed");
  });

  it("should fail under another job and refuse an oversized input", () => {
    const sealed = sealJobInput(input, contentKey, binding);
    expect(reasonOf(() => openJobInput(sealed, contentKey, { ...binding, jobId: 5n }))).toBe("authentication-failed");
    expect(reasonOf(() => sealJobInput(new Uint8Array(MAX_JOB_INPUT_BYTES + 1), contentKey, binding))).toBe(
      "oversized",
    );
  });
});
