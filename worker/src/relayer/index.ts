export { readRelayerConfig, RelayerConfigError, type RelayerConfig } from "./config.ts";
export { createRelayerServer, type CreateRelayerServerParameters } from "./create-relayer-server.ts";
export { RelayerHttpError } from "./http-error.ts";
export { createRelayerMetrics, type RelayerMetrics, type TransactionKind } from "./metrics.ts";
export { RelayService, type FeePolicy, type RelayServiceParameters } from "./relay-service.ts";
export { TransactionSender, type RelayCall, type SentTransaction } from "./transaction-sender.ts";
export { WithdrawalJournal, type PendingWithdrawal, type WithdrawalOutcome } from "./withdrawal-journal.ts";
