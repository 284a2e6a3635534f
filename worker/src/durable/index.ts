export { FramedLog, MAX_RECORD_BYTES, readFramedLog, syncDirectory } from "./framed-log.ts";
export { acquireLock } from "./lock-file.ts";
