import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as prettier from "prettier";
import type { ArtifactRecord } from "../../src/artifacts.ts";

export async function sha256File(file: string): Promise<ArtifactRecord> {
  const bytes = await readFile(file);
  return { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

/** Generated files are written the way `prettier --check .` (npm run lint) wants them. */
export async function formatLikeTheRepo(text: string, filepath: string): Promise<string> {
  const config = await prettier.resolveConfig(filepath);
  return prettier.format(text, { ...config, filepath });
}
