import type { SolidityHooks } from "hardhat/types/hooks";
import { solcJobs } from "./parallel-build.ts";

export default async (): Promise<Partial<SolidityHooks>> => ({
  // An explicit concurrency from the caller wins; only Hardhat's default is replaced.
  build: async (context, rootFilePaths, options, next) =>
    next(context, rootFilePaths, { concurrency: solcJobs(), ...options }),
});
