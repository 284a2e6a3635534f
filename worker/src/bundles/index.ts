export {
  AGENT_MANIFEST_COMMENT,
  AGENT_MANIFEST_FILE,
  buildAgentManifest,
  codeHashOf,
  defaultAgentsDir,
  loadAgentBundle,
  readAgentManifest,
} from "./agent-bundles.ts";
