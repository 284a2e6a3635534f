export { AUDIT_FILE, AUDIT_LOG_MAGIC, AuditLog, verifyAuditLog } from "./audit-log.ts";
export { canonicalJson } from "./canonical-json.ts";
export { auditEntrySchema, genesisHead, hashAuditEntry, verifyChain } from "./verify-chain.ts";
