import { describe, expect, it } from "vitest";
import { releaseReview } from "../../src/lib/release-review.ts";

describe("# releaseReview", () => {
  it("should count down a pending release's window and make it approvable from approvableAt on", () => {
    const release = { status: "pending" as const, approvableAt: 1_000n, codeRevoked: false };
    expect(releaseReview(release, 940n)).toEqual({ reviewEndsIn: 60n, approvable: false });
    expect(releaseReview(release, 999n)).toEqual({ reviewEndsIn: 1n, approvable: false });
    expect(releaseReview(release, 1_000n)).toEqual({ reviewEndsIn: 0n, approvable: true });
    expect(releaseReview(release, 5_000n)).toEqual({ reviewEndsIn: 0n, approvable: true });
  });

  it("should have no clock once a release is approved or revoked", () => {
    for (const status of ["approved", "revoked"] as const) {
      const release = { status, approvableAt: 1_000n, codeRevoked: false };
      expect(releaseReview(release, 10n)).toEqual({ reviewEndsIn: null, approvable: false });
    }
  });

  it("should never make a release approvable once the guardian revoked its code", () => {
    const release = { status: "pending" as const, approvableAt: 1_000n, codeRevoked: true };
    expect(releaseReview(release, 940n)).toEqual({ reviewEndsIn: 60n, approvable: false });
    expect(releaseReview(release, 5_000n)).toEqual({ reviewEndsIn: 0n, approvable: false });
  });
});
