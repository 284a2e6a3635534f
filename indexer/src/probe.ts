import { ponder } from "ponder:registry";
ponder.on("StakeManager:StakeDeposited", async ({ event }) => {
  const x: number = event.args.amount;
  void x;
});
