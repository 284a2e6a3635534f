import type { SolidityHooks } from "hardhat/types/hooks";
import type { Compiler } from "hardhat/types/solidity";
import { buildProgress, solcJobs } from "./parallel-build.ts";

export default async (): Promise<Partial<SolidityHooks>> => ({
  // An explicit concurrency from the caller wins; only Hardhat's default is replaced.
  build: async (context, rootFilePaths, options, next) =>
    next(context, rootFilePaths, { concurrency: solcJobs(), ...options }),
  getCompiler: async (context, compilerConfig, next) => {
    const compiler = await next(context, compilerConfig);
    return buildProgress() ? reportingEachJob(compiler) : compiler;
  },
});

const started = performance.now();
let finished = 0;

/**
 * The same compiler, printing a line as each solc job ends: a clean build takes a minute or
 * more on two cores, and Hardhat itself prints nothing until the last job is done.
 */
function reportingEachJob(compiler: Compiler): Compiler {
  return new Proxy(compiler, {
    get(target, property, receiver) {
      if (property !== "compile") return Reflect.get(target, property, receiver);
      const compile: Compiler["compile"] = async (input) => {
        const output = await target.compile(input);
        const project = Object.keys(input.sources).filter((source) => source.startsWith("project/")).length;
        finished += 1;
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        console.log(`  solc job ${finished} done (${project} project files), ${seconds} s so far`);
        return output;
      };
      return compile;
    },
  });
}
