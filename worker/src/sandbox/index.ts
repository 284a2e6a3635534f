export {
  CAPABILITY_CALL_FUEL,
  defaultSandboxLimits,
  FUEL_PER_BYTE,
  FUEL_PER_POLL,
  outcomeOf,
  sandboxLimitBounds,
} from "./limits.ts";
export { createSandbox, runAgent } from "./sandbox.ts";
export { sanitizeText } from "./sanitize.ts";
