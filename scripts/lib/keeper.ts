/**
 * The devnet's keeper: the public calls that move other people's business on, made for everyone
 * from one development account (devAccountRoles.keeper), as anyone may on a real chain. Its
 * duties run one after another, never side by side, so its transactions never race each other
 * for a nonce:
 *
 * - the draw line (court.ts, `advanceDraws`): starts draw sessions, reveals their randomness,
 *   draws panels in order, ends sessions, so a dispute opened in the app gets its panel within
 *   seconds;
 * - matured jobs (job-keeper.ts): finalizes every job whose challenge window is over, so the
 *   operator is paid without anyone coming back for it.
 *
 * A call that loses a race (someone else moved first) is simply tried again from the new state.
 */
import type { Deployment } from "../../sdk/src/deployment.ts";
import { createCourtParticipant } from "./court.ts";
import { createJobKeeper } from "./job-keeper.ts";

export interface RunKeeperParameters {
  rpcUrl: string;
  deployment: Deployment;
  accountIndex: number;
  signal?: AbortSignal;
  /** One line per thing done (`[draw line] …`, `[jobs] …`) and per failed call. */
  log?: (line: string) => void;
}

/** How long the keeper rests after a turn in which nothing moved: under the devnet's block time. */
const IDLE_MS = 1_000;

export async function runKeeper({ rpcUrl, deployment, accountIndex, signal, log }: RunKeeperParameters): Promise<void> {
  const court = createCourtParticipant({ rpcUrl, deployment, accountIndex });
  const jobs = createJobKeeper({ rpcUrl, deployment, accountIndex, log: (line) => log?.(`[jobs] ${line}`) });
  const duties = [
    { name: "draw line", run: () => court.advanceDraws() },
    { name: "jobs", run: () => jobs.finalizeMatured() },
  ];
  while (!signal?.aborted) {
    let moved = false;
    for (const duty of duties) {
      if (signal?.aborted) return;
      try {
        moved = (await duty.run()) || moved;
      } catch (error) {
        log?.(`[${duty.name}] ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      }
    }
    if (!moved) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  }
}
