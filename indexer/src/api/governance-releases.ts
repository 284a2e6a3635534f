/**
 * GET /governance/releases: every release with its review clock as of the latest indexed block
 * (`reviewEndsIn`, `approvable`), computed per request because it depends on the time.
 */
import { db } from "ponder:api";
import { release } from "ponder:schema";
import { asc, replaceBigInts, type ReplaceBigInts } from "ponder";
import { releaseReview, type ReleaseReviewReturnType } from "../lib/release-review.ts";
import { latestIndexedTimestamp } from "./indexed-clock.ts";

export type GetReleasesReturnType = ReplaceBigInts<
  { asOf: bigint; releases: (typeof release.$inferSelect & ReleaseReviewReturnType)[] },
  string
>;

export async function getReleases(): Promise<GetReleasesReturnType> {
  const [asOf, rows] = await Promise.all([
    latestIndexedTimestamp(),
    db.select().from(release).orderBy(asc(release.publishedBlockNumber), asc(release.codeHash)),
  ]);
  const releases = rows.map((row) => ({ ...row, ...releaseReview(row, asOf) }));
  return replaceBigInts({ asOf, releases }, (value) => value.toString());
}
