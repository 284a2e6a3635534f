/** Endorsement epochs as the API shows them. */

/** The `count` epochs up to and including `current`, oldest first (fewer near epoch 0). */
export function epochWindow(current: bigint, count: number): bigint[] {
  const first = current + 1n > BigInt(count) ? current + 1n - BigInt(count) : 0n;
  return Array.from({ length: Number(current - first + 1n) }, (_, index) => first + BigInt(index));
}
