/**
 * GET /governance/releases: every release with its review clock as of the latest indexed block
 * (`reviewEndsIn`, `approvable`), computed per request because it depends on the time, and its
 * code's standing (`codeApproved`: `isApproved`; `codeRevokedAt`: the guardian revoked the code).
 */
import { db } from "ponder:api";
import { code, release } from "ponder:schema";
import { asc, eq, replaceBigInts, type ReplaceBigInts } from "ponder";
import { releaseReview, type ReleaseReviewReturnType } from "../lib/release-review.ts";
import { latestIndexedTimestamp } from "./indexed-clock.ts";

export type GetReleasesReturnType = ReplaceBigInts<
  {
    asOf: bigint;
    releases: (typeof release.$inferSelect &
      ReleaseReviewReturnType & { codeApproved: boolean; codeRevokedAt: bigint | null })[];
  },
  string
>;

export async function getReleases(): Promise<GetReleasesReturnType> {
  const [asOf, rows] = await Promise.all([
    latestIndexedTimestamp(),
    db
      .select()
      .from(release)
      .leftJoin(code, eq(code.codeHash, release.codeHash))
      .orderBy(asc(release.publishedBlockNumber), asc(release.id)),
  ]);
  const releases = rows.map((row) => {
    const codeRevokedAt = row.code?.revokedAt ?? null;
    const review = releaseReview({ ...row.release, codeRevoked: codeRevokedAt !== null }, asOf);
    return { ...row.release, ...review, codeApproved: row.code?.approved ?? false, codeRevokedAt };
  });
  return replaceBigInts({ asOf, releases }, (value) => value.toString());
}
