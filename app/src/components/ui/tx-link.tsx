import Link from "next/link";
import type { Hash } from "viem";
import { shortHex } from "@/lib/format";

/** A transaction hash that opens the transaction view. */
export function TxLink({
  hash,
  head = 10,
  tail = 6,
  testId,
}: {
  hash: Hash;
  head?: number;
  tail?: number;
  testId?: string;
}) {
  return (
    <Link href={`/tx/${hash}`} className="mono" title={hash} data-testid={testId}>
      {shortHex(hash, head, tail)}
    </Link>
  );
}
