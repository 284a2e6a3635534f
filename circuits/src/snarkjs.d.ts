// The snarkjs typings the library adds (curves, the global curve) live in the sdk; importing the
// sdk's zk entry brings them into any program that imports this file.
export type { Bn128Curve } from "@leasehold/sdk/zk";

declare module "snarkjs" {
  export namespace powersOfTau {
    // snarkjs 0.7's signature; @types/snarkjs still describes an older one.
    function verify(tauFilename: string, logger?: unknown): Promise<boolean>;
  }
}
