/**
 * A release's review clock at a given time: how long until governance may approve it. The clock
 * is an argument, never the server's: the API passes the latest indexed block's timestamp.
 */
import type { ReleaseStatusName } from "./governance.ts";

export interface ReleaseReviewParameters {
  status: ReleaseStatusName;
  approvableAt: bigint;
  /** Whether the guardian revoked the release's code (`code.revokedAt` set): no approval then. */
  codeRevoked: boolean;
}

export interface ReleaseReviewReturnType {
  /** Seconds until the review window is over; 0 once over; null once approved or revoked. */
  reviewEndsIn: bigint | null;
  /** Whether an executed approval would pass the registry's checks now (pending, code not revoked, window over). */
  approvable: boolean;
}

export function releaseReview(release: ReleaseReviewParameters, now: bigint): ReleaseReviewReturnType {
  if (release.status !== "pending") return { reviewEndsIn: null, approvable: false };
  // CodeRegistry.approve reverts for revoked code, and while block.timestamp < approvableAt.
  const remaining = release.approvableAt > now ? release.approvableAt - now : 0n;
  return { reviewEndsIn: remaining, approvable: remaining === 0n && !release.codeRevoked };
}
