/**
 * Reading and writing deployment records on disk (Node only; the browser gets the record from
 * the app's server). Records live in `deployments/<chainId>.json` at the repository root unless
 * LEASEHOLD_DEPLOYMENTS_DIR points elsewhere (tests use a fresh folder each).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDeployment, type Deployment } from "./deployment.ts";
import { DeploymentNotFoundError } from "./errors.ts";

const defaultDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "deployments");

export function deploymentsDir(): string {
  return process.env.LEASEHOLD_DEPLOYMENTS_DIR ?? defaultDir;
}

export function deploymentPath(chainId: number, dir = deploymentsDir()): string {
  return path.join(dir, `${chainId}.json`);
}

export async function readDeployment(chainId: number, dir = deploymentsDir()): Promise<Deployment> {
  const file = deploymentPath(chainId, dir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new DeploymentNotFoundError(`No deployment record for chain ${chainId} at ${file}`, { cause });
  }
  return parseDeployment(JSON.parse(text));
}

/** Write atomically (temp file, then rename) so readers never see half a record. */
export async function writeDeployment(deployment: Deployment, dir = deploymentsDir()): Promise<string> {
  const valid = parseDeployment(deployment);
  await mkdir(dir, { recursive: true });
  const file = deploymentPath(valid.chainId, dir);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(valid, null, 2)}\n`);
  await rename(temp, file);
  return file;
}
